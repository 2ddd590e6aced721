import type { TargetUnit } from './types.ts';

/** Kinds of resource a plan may list. */
export const RESOURCE_KINDS = [
  'book',
  'course',
  'certification',
  'video',
  'lab',
  'article',
  'paper',
  'talk',
  'podcast',
] as const;

/** Units a target may be counted in; `hours` is measured from the minutes logged, the rest from `units`. */
export const TARGET_UNITS: readonly TargetUnit[] = [
  'chapters',
  'pages',
  'modules',
  'lessons',
  'videos',
  'labs',
  'hours',
];

/** Resource ids: lower-case words joined by hyphens, as they appear in URLs and on the command line. */
export const RESOURCE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
