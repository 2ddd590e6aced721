/** A problem the markdown of a body has (bad TeX, a lonely footnote, an image without alt), by its line. */
export interface BodyProblem {
  level: 'error' | 'warning';
  /** Line of the post file (not of the body). */
  line: number;
  message: string;
  hint: string;
}

/** Most problems one body reports: a post of 100,000 images without alt text is told once, not 100,000 times. */
export const MAX_BODY_PROBLEMS = 100;

/** `problems` cut to MAX_BODY_PROBLEMS, the rest counted in one more (an error if any of them is). */
export function boundProblems(problems: BodyProblem[]): BodyProblem[] {
  if (problems.length <= MAX_BODY_PROBLEMS) return problems;
  const rest = problems.slice(MAX_BODY_PROBLEMS);
  return [
    ...problems.slice(0, MAX_BODY_PROBLEMS),
    {
      level: rest.some((p) => p.level === 'error') ? 'error' : 'warning',
      line: rest[0]?.line ?? 0,
      message: `${rest.length.toLocaleString('en')} more problems of this body are not listed`,
      hint: 'fix the ones above and build again',
    },
  ];
}
