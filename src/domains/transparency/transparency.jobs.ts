import type { JobDefinition, ScheduleDefinition } from '../../platform/jobs/jobs.js';
import { publishReport } from './transparency.service.js';
import { rebuildFactsFromLicensing } from './licensing-facts.js';

/** The editions due on a date: the last complete quarter, and in Q1 the last complete year. */
export function dueEditions(now: Date): string[] {
  const y = now.getUTCFullYear();
  const q = Math.floor(now.getUTCMonth() / 3) + 1;
  const prev = q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
  return q === 1 ? [prev, String(y - 1)] : [prev];
}

export const transparencyJobs: JobDefinition[] = [
  {
    type: 'transparency.publish_due',
    maxAttempts: 3,
    handler: async (jc) => {
      const published: string[] = [];
      for (const id of dueEditions(jc.ctx.clock.now())) {
        const exists = await jc.ctx.db.selectFrom('stats_report_editions').select('id').where('id', '=', id).executeTakeFirst();
        if (exists) continue;
        await publishReport(jc.ctx, id);
        published.push(id);
      }
      return { published };
    },
  },
  {
    type: 'transparency.rebuild_facts',
    maxAttempts: 1,
    leaseSeconds: 600,
    handler: async (jc) => {
      const n = await rebuildFactsFromLicensing(jc.ctx.db, jc.ctx.clock.now().toISOString(), (done, total) => jc.progress(done / total, `${done} of ${total} cases`));
      return { cases: n };
    },
  },
];

/** Publishes the previous quarter (and in January the previous year) early on the 2nd of each month; editions already published are left alone. */
export const transparencySchedules: ScheduleDefinition[] = [{ name: 'transparency.publish_due', jobType: 'transparency.publish_due', cron: '0 4 2 * *' }];
