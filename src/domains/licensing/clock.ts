/**
 * The statutory clock on the platform's working-day calendar (src/platform/calendar.ts); the service supplies the holiday set.
 */

import { addWorkingDays, workingDaysBetween, type Holidays } from '../../platform/calendar.js';

export { addCalendarDays, addWorkingDays, isWorkingDay, workingDaysBetween, type Holidays } from '../../platform/calendar.js';

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
