import { describe, expect, it } from 'vitest';
import { addWorkingDays, clockView, isWorkingDay, workingDaysBetween } from './clock.js';
import { FixedClock, isoDate } from '../../platform/clock.js';
import { DEFAULT_HOLIDAYS } from './licensing.migrations.js';

const none = new Set<string>();
const ukHolidays = new Set(DEFAULT_HOLIDAYS.map((h) => h.date));

describe('working days', () => {
  it('weekends are not working days', () => {
    expect(isWorkingDay('2026-11-27', none)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', none)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', none)).toBe(false); // Sunday
    expect(isWorkingDay('2026-11-30', none)).toBe(true); // Monday
  });

  it('adding working days skips weekends', () => {
    expect(addWorkingDays('2026-11-27', 1, none)).toBe('2026-11-30'); // Fri + 1 = Mon
    expect(addWorkingDays('2026-11-28', 1, none)).toBe('2026-11-30'); // submitted Saturday
    expect(addWorkingDays('2026-11-02', 5, none)).toBe('2026-11-09'); // Mon + 5 = next Mon
    // 20 working days from Monday 2 Nov 2026 = Monday 30 Nov (4 full weeks)
    expect(addWorkingDays('2026-11-02', 20, none)).toBe('2026-11-30');
  });

  it('public holidays are skipped, and they are configurable', () => {
    // Christmas 2026: Fri 25 Dec and the Boxing Day substitute Mon 28 Dec are holidays.
    expect(addWorkingDays('2026-12-24', 1, ukHolidays)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-24', 1, none)).toBe('2026-12-25');
    const custom = new Set(['2026-11-30']);
    expect(addWorkingDays('2026-11-27', 1, custom)).toBe('2026-12-01');
  });

  it('a standard case over Easter takes 20 working days excluding Good Friday and Easter Monday', () => {
    // Submitted Wed 25 Mar 2026. 3 Apr (Good Friday) and 6 Apr (Easter Monday) are holidays.
    expect(addWorkingDays('2026-03-25', 20, none)).toBe('2026-04-22');
    expect(addWorkingDays('2026-03-25', 20, ukHolidays)).toBe('2026-04-24');
  });

  it('counts working days between dates in either direction', () => {
    expect(workingDaysBetween('2026-11-27', '2026-11-30', none)).toBe(1);
    expect(workingDaysBetween('2026-11-30', '2026-11-27', none)).toBe(-1);
    expect(workingDaysBetween('2026-11-02', '2026-11-30', none)).toBe(20);
    expect(workingDaysBetween('2026-12-24', '2026-12-31', ukHolidays)).toBe(3); // 29, 30, 31
    expect(workingDaysBetween('2026-11-02', '2026-11-02', none)).toBe(0);
  });
});

describe('clock view with pauses (FixedClock)', () => {
  it('counts down, pauses while a question is open, resumes with the due date moved', () => {
    const clock = new FixedClock(new Date('2026-11-02T09:00:00Z')); // Monday
    const base = { submittedOn: isoDate(clock.now()), targetDays: 20, pausedWorkingDays: 0, pausedSince: null as string | null };
    let v = clockView(base, isoDate(clock.now()), none);
    expect(v).toMatchObject({ dueDate: '2026-11-30', daysRemaining: 20, daysElapsed: 0, paused: false, overdue: false });

    clock.advance(7 * 86_400_000); // Monday 9 Nov: 5 working days used
    v = clockView(base, isoDate(clock.now()), none);
    expect(v.daysRemaining).toBe(15);
    expect(v.daysElapsed).toBe(5);

    // Question asked Monday 9 Nov, still open on Thursday 12 Nov: clock stopped, due date slides.
    const paused = { ...base, pausedSince: '2026-11-09' };
    clock.set('2026-11-12T12:00:00Z');
    v = clockView(paused, isoDate(clock.now()), none);
    expect(v.paused).toBe(true);
    expect(v.daysRemaining).toBe(15);
    expect(v.daysElapsed).toBe(5);
    expect(v.dueDate).toBe('2026-12-03');

    // Answered Thursday (3 working days paused); a week later 5 more working days are used.
    const resumed = { ...base, pausedWorkingDays: 3, pausedSince: null };
    clock.set('2026-11-19T12:00:00Z');
    v = clockView(resumed, isoDate(clock.now()), none);
    expect(v).toMatchObject({ dueDate: '2026-12-03', daysRemaining: 10, daysElapsed: 10, paused: false });
  });

  it('a pause over a weekend and a holiday costs only the working days', () => {
    // Question asked Thu 24 Dec 2026, answered Tue 29 Dec: 25 (holiday), 26-27 (weekend), 28 (holiday) do not count; 29 does.
    const s = { submittedOn: '2026-12-01', targetDays: 20, pausedWorkingDays: 0, pausedSince: '2026-12-24' };
    const v = clockView(s, '2026-12-29', ukHolidays);
    expect(v.paused).toBe(true);
    const unpaused = clockView({ ...s, pausedSince: null }, '2026-12-29', ukHolidays);
    expect(addWorkingDays(unpaused.dueDate, 1, ukHolidays)).toBe(v.dueDate);
  });

  it('is overdue once past the due date, but not while paused', () => {
    const s = { submittedOn: '2026-11-02', targetDays: 20, pausedWorkingDays: 0, pausedSince: null };
    expect(clockView(s, '2026-11-30', none)).toMatchObject({ daysRemaining: 0, overdue: false });
    expect(clockView(s, '2026-12-01', none)).toMatchObject({ daysRemaining: -1, overdue: true });
    expect(clockView({ ...s, pausedSince: '2026-11-20' }, '2026-12-01', none).overdue).toBe(false);
  });
});

describe('fast counting agrees with counting day by day', () => {
  it('over many random ranges with the UK holidays', () => {
    const naive = (from: string, to: string) => {
      let n = 0;
      for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) < to; ) {
        d = new Date(d.getTime() + 86_400_000);
        if (isWorkingDay(d.toISOString().slice(0, 10), ukHolidays)) n++;
      }
      return n;
    };
    let seed = 3;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const a = new Date(Date.UTC(2024, 10, 1) + Math.floor(rnd() * 1200) * 86_400_000).toISOString().slice(0, 10);
      const b = new Date(Date.parse(`${a}T00:00:00Z`) + Math.floor(rnd() * 400) * 86_400_000).toISOString().slice(0, 10);
      expect(workingDaysBetween(a, b, ukHolidays), `${a} → ${b}`).toBe(naive(a, b));
      const n = Math.floor(rnd() * 60);
      expect(workingDaysBetween(a, addWorkingDays(a, n, ukHolidays), ukHolidays)).toBe(n);
    }
  });
});
