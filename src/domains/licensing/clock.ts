/**
 * The statutory clock: working days exclude Saturdays, Sundays and configured public holidays (UTC dates).
 * Pure functions on YYYY-MM-DD strings so they are easy to test; the service supplies the holiday set.
 */

export type Holidays = ReadonlySet<string>;

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 (UTC) for a YYYY-MM-DD date; integers keep the arithmetic cheap on long ranges. */
const toDay = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
const fromDay = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
const dowOf = (n: number) => (((n + 4) % 7) + 7) % 7;
const isWeekday = (n: number) => {
  const w = dowOf(n);
  return w !== 0 && w !== 6;
};
export const addCalendarDays = (d: string, n: number) => fromDay(toDay(d) + n);

/** Holiday dates that fall on weekdays, as sorted day numbers (cached per holiday set). */
const holidayDays = new WeakMap<Holidays, number[]>();
function weekdayHolidays(h: Holidays): number[] {
  let v = holidayDays.get(h);
  if (!v) {
    v = [...h].map(toDay).filter((n) => Number.isFinite(n) && isWeekday(n)).sort((a, b) => a - b);
    holidayDays.set(h, v);
  }
  return v;
}
/** How many of the sorted numbers are <= x. */
function countUpTo(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/** Weekdays d with 0 <= d <= n (n >= -1), relative to a fixed origin: full weeks plus the remainder. */
function weekdaysUpTo(n: number): number {
  // Shift so that day 0 of the count is a Monday (1970-01-05 is day 4).
  const k = n - 4 + 1; // number of days from Monday 1970-01-05 up to n inclusive
  const weeks = Math.floor(k / 7);
  const rest = k - weeks * 7;
  return weeks * 5 + Math.min(rest, 5);
}

export function isWorkingDay(d: string, holidays: Holidays): boolean {
  return isWeekday(toDay(d)) && !holidays.has(d);
}

/** The date `n` working days after `start` (the start day itself never counts). n = 0 gives start. */
export function addWorkingDays(start: string, n: number, holidays: Holidays): string {
  const hs = weekdayHolidays(holidays);
  let d = toDay(start);
  let left = n;
  while (left > 0) {
    d++;
    if (isWeekday(d) && !binaryHas(hs, d)) left--;
  }
  return fromDay(d);
}

function binaryHas(sorted: number[], x: number) {
  const i = countUpTo(sorted, x);
  return i > 0 && sorted[i - 1] === x;
}

/**
 * Working days d with from < d <= to (so Friday → next Monday is 1). Negative when `to` is before `from`.
 */
export function workingDaysBetween(from: string, to: string, holidays: Holidays): number {
  const a = toDay(from);
  const b = toDay(to);
  if (a === b) return 0;
  if (b < a) return -workingDaysBetween(to, from, holidays);
  const hs = weekdayHolidays(holidays);
  const weekdays = weekdaysUpTo(b) - weekdaysUpTo(a);
  const hol = countUpTo(hs, b) - countUpTo(hs, a);
  return weekdays - hol;
}

export interface ClockState {
  submittedOn: string;
  targetDays: number;
  /** Working days already spent paused by questions that have been answered. */
  pausedWorkingDays: number;
  /** Date the currently open question was asked, when one is open. */
  pausedSince: string | null;
}

export interface ClockView {
  dueDate: string;
  /** Working days left until the due date (0 on the due date, negative once late). */
  daysRemaining: number;
  /** Working days counted so far (excludes paused days). */
  daysElapsed: number;
  paused: boolean;
  overdue: boolean;
}

/** Where a case stands on its clock today. While paused the due date keeps moving with the days the question stays open. */
export function clockView(s: ClockState, today: string, holidays: Holidays): ClockView {
  const openPause = s.pausedSince ? Math.max(0, workingDaysBetween(s.pausedSince, today, holidays)) : 0;
  const paused = s.pausedWorkingDays + openPause;
  const dueDate = addWorkingDays(s.submittedOn, s.targetDays + paused, holidays);
  const daysRemaining = workingDaysBetween(today, dueDate, holidays);
  const daysElapsed = Math.max(0, workingDaysBetween(s.submittedOn, today, holidays) - paused);
  return { dueDate, daysRemaining, daysElapsed, paused: s.pausedSince !== null, overdue: !s.pausedSince && daysRemaining < 0 };
}
