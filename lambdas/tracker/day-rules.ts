/**
 * The rules the author's days are counted by, in words: the CLI's `--progress` and `/progress/` both say
 * them, so a reader can tell why a streak survived a Sunday or why 00:30 counted for the day before.
 */
export interface DayRules {
  /** `HH:MM`, local time. */
  dayStartsAt: string;
  /** Lower-case weekday names, Monday first. */
  restDays: readonly string[];
}

const capital = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** One sentence per rule: when a day begins, and which days are rest days and what that changes. */
export function describeDayRules(rules: DayRules): string[] {
  const start =
    rules.dayStartsAt === '00:00'
      ? 'A day runs from midnight to midnight.'
      : `A day runs from ${rules.dayStartsAt} to ${rules.dayStartsAt}: study before ${rules.dayStartsAt} counts for the day before.`;
  const n = rules.restDays.length;
  const rest =
    n === 0
      ? 'No rest days: every day without study breaks the streak.'
      : `Rest ${n === 1 ? 'day' : 'days'}: ${rules.restDays.map(capital).join(', ')}. An empty rest day neither breaks nor extends the streak; study on it counts. The weekly goal counts the other ${7 - n} days.`;
  return [start, rest];
}
