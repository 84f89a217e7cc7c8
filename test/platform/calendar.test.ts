import { describe, expect, it } from 'vitest';
import { createTestApp, FixedClock } from '../helpers/app.js';
import { calendarJobs, checkCalendarCoverage } from '../../src/server/calendar-alert.js';
import { ctxFor } from '../../src/platform/context.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/roles.js';
import { addWorkingDays, bankHolidays, calendarCoverage, NO_HOLIDAYS, workingDaysBetween } from '../../src/platform/calendar.js';
import { DEFAULT_HOLIDAYS } from '../../src/domains/licensing/licensing.migrations.js';
import { workingDaysBetween as factsWorkingDays } from '../../src/domains/transparency/facts.js';
import { addWorkingDays as demoAddWorkingDays } from '../../src/domains/transparency/demo/generator.js';

describe('working-day calendar', () => {
  it('gives the England & Wales bank holidays gov.uk lists (the 2025–2027 table licensing ships), substitute days included', () => {
    expect(bankHolidays(2025, 2027)).toEqual(DEFAULT_HOLIDAYS.map((h) => ({ date: h.date, name: h.name })));
  });

  it('goes on past the shipped table: 2028–2035 each have Good Friday, Easter Monday, both May holidays, August and Christmas', () => {
    for (let y = 2028; y <= 2035; y++) {
      const year = bankHolidays(y, y);
      expect(year.length, String(y)).toBeGreaterThanOrEqual(8);
      for (const name of ['Good Friday', 'Easter Monday', 'Early May bank holiday', 'Spring bank holiday', 'Summer bank holiday']) expect(year.map((h) => h.name), `${y} ${name}`).toContain(name);
      for (const h of year) expect([0, 6], h.date).not.toContain(new Date(`${h.date}T00:00:00Z`).getUTCDay());
    }
    // Easter 2030 is 21 April (Good Friday 19th, Easter Monday 22nd).
    expect(bankHolidays(2030, 2030).filter((h) => /Easter|Good/.test(h.name)).map((h) => h.date)).toEqual(['2030-04-19', '2030-04-22']);
  });

  it('alerts before the holiday table runs out, and says when it already has', () => {
    const dates = DEFAULT_HOLIDAYS.map((h) => h.date); // last year: 2027
    expect(calendarCoverage(dates, '2027-01-04')).toEqual({ coveredUntil: '2027-12-31', daysLeft: 361, alert: null });
    const soon = calendarCoverage(dates, '2027-08-01');
    expect(soon.daysLeft).toBe(152);
    expect(soon.alert).toMatch(/only up to 2027-12-31 \(152 days from today\): add 2028's/);
    expect(calendarCoverage(dates, '2028-01-10').alert).toMatch(/10 days ago/);
    expect(calendarCoverage([], '2027-01-04').alert).toMatch(/no public holidays/);
  });

  it('is the calendar transparency statistics and demo data count with (no second implementation)', () => {
    const hol = new Set(bankHolidays(2026, 2027).map((h) => h.date));
    // Thu 24 Dec 2026 → Tue 5 Jan 2027: 25, 28 Dec and 1 Jan are holidays; 29, 30, 31 Dec, 4, 5 Jan are working days.
    expect(workingDaysBetween('2026-12-24', '2027-01-05', hol)).toBe(5);
    expect(factsWorkingDays('2026-12-24T15:00:00Z', '2027-01-05T09:00:00Z', hol)).toBe(5);
    expect(factsWorkingDays('2027-01-05', '2026-12-24', hol)).toBe(0);
    expect(factsWorkingDays('not a date', '2026-12-24', hol)).toBe(0);
    // Friday 16:30 + 1 working day = Monday 16:30, time of day kept.
    expect(demoAddWorkingDays(new Date('2026-12-04T16:30:00Z'), 1).toISOString()).toBe('2026-12-07T16:30:00.000Z');
    expect(addWorkingDays('2026-12-04', 1, NO_HOLIDAYS)).toBe('2026-12-07');
  });
});

describe('calendar coverage alert on a real database', () => {
  it('warns at start and in the daily job once the licensing holiday table is within six months of its end', async () => {
    const clock = new FixedClock(new Date('2027-01-04T09:00:00Z'));
    const t = await createTestApp({ clock });
    try {
      const warnings: string[] = [];
      const deps = { ...t.deps, log: Object.assign(Object.create(t.deps.log), { warn: (_o: unknown, msg: string) => warnings.push(msg) }) };
      expect(await checkCalendarCoverage(deps)).toMatchObject({ coveredUntil: '2027-12-31', alert: null });
      expect(warnings).toEqual([]);
      clock.set('2027-08-01T09:00:00Z');
      const job = calendarJobs.find((j) => j.type === 'platform.calendar_coverage')!;
      const result = (await job.handler({ ctx: ctxFor(deps, SYSTEM_ACTOR, 'job'), jobId: 'j', payload: {}, attempt: 1, progress: async () => undefined })) as { alert: string };
      expect(result.alert).toMatch(/only up to 2027-12-31 \(152 days from today\)/);
      expect(warnings).toEqual([result.alert]);
    } finally {
      await t.close();
    }
  });
});
