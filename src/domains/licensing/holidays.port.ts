/** Read model for the composition root: the public holiday dates of licensing's statutory clock (to warn before they run out). */
import type { Executor } from '../../platform/db/index.js';

export async function holidayDates(db: Executor): Promise<string[]> {
  return (await db.selectFrom('lic_holidays').select('date').execute()).map((r) => r.date);
}
