/** A problem the markdown of a body has (bad TeX, a lonely footnote, an image without alt), by its line. */
export interface BodyProblem {
  level: 'error' | 'warning';
  /** Line of the post file (not of the body). */
  line: number;
  message: string;
  hint: string;
}
