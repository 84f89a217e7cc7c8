import type { Ctx } from '../../platform/context.js';
import { parsePeriod, suppressCount, type Count } from '../transparency/report.js';

/**
 * Public statistics of end-use checks for a transparency period (`2026` or `2026-Q1`): checks requested, and checks
 * reported by kind, destination and outcome. Counts of 1–4 are shown as "<5" (the transparency reports' small-cell rule),
 * so a single listed party cannot be picked out.
 */
export async function checkStatistics(ctx: Ctx, id: string) {
  const period = parsePeriod(id);
  const requested = await ctx.db.selectFrom('ver_checks').select((eb) => eb.fn.countAll().as('n')).where('created_at', '>=', period.start).where('created_at', '<', period.end).executeTakeFirst();
  const rows = await ctx.db
    .selectFrom('ver_checks')
    .select(['kind', 'destination', 'outcome'])
    .where('status', '=', 'reported')
    .where('reported_at', '>=', period.start)
    .where('reported_at', '<', period.end)
    .execute();
  const by = (key: (r: (typeof rows)[number]) => string) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value, n]) => ({ value, count: suppressCount(n) as Count }));
  };
  return {
    id: period.id,
    period: period.period,
    periodStart: period.start,
    periodEnd: period.end,
    suppressed: true,
    requested: suppressCount(Number(requested?.n ?? 0)),
    reported: suppressCount(rows.length),
    byKind: by((r) => r.kind),
    byDestination: by((r) => r.destination ?? 'unknown'),
    byOutcome: by((r) => r.outcome ?? 'unknown'),
  };
}
