import { WEEKDAY_NAMES, weekdayOf } from './calendar.ts';
import type { Progress } from './progress.ts';
import type { LocalDate } from './types.ts';

/** The nudge the evening schedule sends when the day's goal is at risk. */
export interface Reminder {
  /** The author's day it is about. */
  date: LocalDate;
  minutesToday: number;
  goalMinutes: number;
  minutesLeft: number;
  /** The streak that ends with this day unless the author studies; 0 when none is at stake. */
  streakAtStake: number;
  /** Minutes still needed today to keep that streak (0 when today already counts for it). */
  minutesToKeepStreak: number;
  /** One line, plain ASCII: SNS refuses other subjects for e-mail. */
  subject: string;
  message: string;
}

/** What the progress picture says about today, in the words the reminder needs. */
type TodayPicture = Pick<Progress, 'today' | 'goal' | 'rules' | 'streak'>;

/**
 * Whether to nudge the author, and with what: only when today's minutes are under the daily goal and today is
 * not a rest day. The streak is at stake only when today does not count for it yet (it then runs back from
 * yesterday, see streaks.ts); a day that already counts keeps it whatever happens to the goal.
 */
export function decideReminder(picture: TodayPicture): Reminder | undefined {
  const { today, goal, rules, streak } = picture;
  const weekday = WEEKDAY_NAMES[weekdayOf(today.date)];
  if (weekday !== undefined && rules.restDays.includes(weekday)) return undefined;
  if (today.minutes >= goal.dailyMinutes) return undefined;
  const minutesLeft = goal.dailyMinutes - today.minutes;
  const todayCounts = today.minutes > 0 && today.minutes >= goal.streakMinimumMinutes;
  const streakAtStake = todayCounts ? 0 : streak.current;
  const minutesToKeepStreak = todayCounts ? 0 : Math.max(1, goal.streakMinimumMinutes - today.minutes);
  const dayEnds = rules.dayStartsAt === '00:00' ? 'midnight' : rules.dayStartsAt;
  const lines = [
    `Today (${today.date}) you have studied ${minutes(today.minutes)} of your daily goal of ${minutes(goal.dailyMinutes)}: ${minutes(minutesLeft)} left before your day ends at ${dayEnds}.`,
  ];
  if (streakAtStake > 0) {
    lines.push(
      `Your ${streakAtStake}-day streak ends with today unless you study at least ${minutes(minutesToKeepStreak)}.`,
    );
  } else if (todayCounts && streak.current > 0) {
    lines.push(`Your ${streak.current}-day streak is safe: today already counts for it.`);
  } else {
    lines.push(
      `No streak runs yet: ${minutesToKeepStreak === 1 ? 'a session' : minutes(minutesToKeepStreak)} today starts one.`,
    );
  }
  lines.push('', 'Log a session: npm run log -- 45m <resource>');
  return {
    date: today.date,
    minutesToday: today.minutes,
    goalMinutes: goal.dailyMinutes,
    minutesLeft,
    streakAtStake,
    minutesToKeepStreak,
    subject: `Logbook: ${minutes(minutesLeft)} left of today's goal`,
    message: `${lines.join('\n')}\n`,
  };
}

const minutes = (n: number): string => (n === 1 ? '1 minute' : `${n} minutes`);
