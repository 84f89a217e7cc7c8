/**
 * Warns before the working-day calendar's holiday table runs out (past its last year every weekday would count as a
 * working day and statutory deadlines would fall on bank holidays): at start and daily, in the log and the job's result.
 */
import { calendarCoverage, type CalendarCoverage } from '../platform/calendar.js';
import type { Deps } from '../platform/context.js';
import type { JobDefinition, ScheduleDefinition } from '../platform/jobs/jobs.js';
import { holidayDates } from '../domains/licensing/holidays.port.js';

export async function checkCalendarCoverage(deps: Deps): Promise<CalendarCoverage> {
  const c = calendarCoverage(await holidayDates(deps.db), deps.clock.now().toISOString().slice(0, 10));
  if (c.alert) deps.log.warn({ coveredUntil: c.coveredUntil, daysLeft: c.daysLeft }, c.alert);
  return c;
}

export const calendarJobs: JobDefinition[] = [{ type: 'platform.calendar_coverage', handler: (jc) => checkCalendarCoverage(jc.ctx) }];
export const calendarSchedules: ScheduleDefinition[] = [{ name: 'platform.calendar-coverage', jobType: 'platform.calendar_coverage', cron: '0 6 * * *' }];
