import * as v from 'valibot';
import { WEEKDAY_NAMES } from '../../lambdas/tracker/calendar.ts';
import type { WeekdayName } from '../../lambdas/tracker/types.ts';
import { DAY_START_PATTERN } from '../../lambdas/tracker/zone.ts';
import { closestName } from '../generator/closest-name.ts';

// The settings that say when the author's day begins and which days are off. Their messages follow
// `setting "<name>"` in the settings diagnostics, so each says what was found and what to write instead.

/** `dayStartsAt: "04:00"`: local time, 24-hour `HH:MM`, at which the author's day begins. */
export const DayStartSchema = v.optional(
  v.pipe(
    v.string('must be a time written HH:MM in quotes, such as "04:00"'),
    v.trim(),
    v.check(
      (text) => DAY_START_PATTERN.test(text),
      (issue) =>
        `is ${JSON.stringify(String(issue.input).slice(0, 40))}: it must be a 24-hour time HH:MM from "00:00" to "23:59", such as "04:00"`,
    ),
  ),
  '00:00',
);

/** `restDays: [saturday, sunday]` (or one name): weekdays off, any case; at least one day must be left. */
export const RestDaysSchema = v.optional(
  v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const input = dataset.value;
      const names = typeof input === 'string' ? [input] : input;
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
        addIssue({ message: 'must be a list of weekday names, such as [saturday, sunday]' });
        return NEVER;
      }
      const days = new Set<WeekdayName>();
      for (const name of names as string[]) {
        const day = WEEKDAY_NAMES.find((w) => w === name.trim().toLowerCase());
        if (day) {
          days.add(day);
          continue;
        }
        const guess = closestName(name.trim(), WEEKDAY_NAMES);
        const shown = JSON.stringify(name.slice(0, 40));
        addIssue({
          message: guess
            ? `lists ${shown}, which is not a weekday: did you mean "${guess}"?`
            : `lists ${shown}, which is not a weekday: use ${WEEKDAY_NAMES.join(', ')}`,
        });
        return NEVER;
      }
      if (days.size === WEEKDAY_NAMES.length) {
        addIssue({ message: 'lists every day of the week: leave at least one day to study on' });
        return NEVER;
      }
      // In week order, so the settings' order does not change what the API and the pages say.
      return WEEKDAY_NAMES.filter((w) => days.has(w));
    }),
  ),
  [],
);
