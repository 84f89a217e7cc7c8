/**
 * The one working-day calendar (statutory clocks, processing-time statistics, demo data): working days exclude Saturdays,
 * Sundays and the given public holidays. Pure functions on YYYY-MM-DD strings (UTC dates); the caller supplies the holiday
 * set (licensing keeps it in its holiday table). `bankHolidays` gives the official list from the `date-holidays` package,
 * and `calendarCoverage` warns before a holiday table runs out (past its last year every weekday counts as working).
 */
import { createRequire } from 'node:module';
import type DateHolidays from 'date-holidays';

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

export const NO_HOLIDAYS: Holidays = new Set();

/** Public (bank) holidays on weekdays, as observed: `date-holidays` also lists the weekend day a substitute day replaces. */
export function bankHolidays(fromYear: number, toYear: number, country = 'GB', region = 'ENG'): { date: string; name: string }[] {
  // Loaded on use: the package reads every country's rules (~0.3 s of CPU), which no server start or CLI call should pay.
  const Ctor = createRequire(import.meta.url)('date-holidays') as typeof DateHolidays;
  const hd = new Ctor(country, region);
  const out: { date: string; name: string }[] = [];
  for (let y = fromYear; y <= toYear; y++) {
    for (const h of hd.getHolidays(y)) {
      const date = h.date.slice(0, 10);
      if ((h.type === 'public' || h.type === 'bank') && isWeekday(toDay(date))) out.push({ date, name: h.name });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

export interface CalendarCoverage {
  /** Last day the holiday table covers: 31 December of the last year with a holiday in it (null when empty). */
  coveredUntil: string | null;
  /** Calendar days from today to coveredUntil (negative once past). */
  daysLeft: number | null;
  /** A message for an administrator when fewer than `warnDays` days are left, else null. */
  alert: string | null;
}

/** How far a holiday table reaches, with an alert `warnDays` (default 180) before it runs out. */
export function calendarCoverage(dates: Iterable<string>, today: string, warnDays = 180): CalendarCoverage {
  let last: string | null = null;
  for (const d of dates) if (!last || d > last) last = d;
  if (!last) return { coveredUntil: null, daysLeft: null, alert: 'The working-day calendar has no public holidays: every weekday counts as a working day. Add them (GET /api/licensing/holidays lists them).' };
  const coveredUntil = `${last.slice(0, 4)}-12-31`;
  const daysLeft = toDay(coveredUntil) - toDay(today);
  const alert =
    daysLeft < warnDays
      ? `The working-day calendar lists public holidays only up to ${coveredUntil} (${daysLeft < 0 ? `${-daysLeft} days ago` : `${daysLeft} days from today`}): ` +
        `add ${Number(last.slice(0, 4)) + 1}'s before then, or deadlines after it ignore bank holidays.`
      : null;
  return { coveredUntil, daysLeft, alert };
}
