/** On every case change: a party that an advisory in force says is of concern puts a blocking flag on the case. */
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { casePartiesForAdvisories, raiseAdvisoryFlag } from '../licensing/advisories.port.js';
import { nameMatcher } from '../screening/matching/names.js';

export async function flagCaseForAdvisories(tx: Executor, ctx: Ctx, applicationId: string) {
  // Runs on every case change: one cheap query when no "of concern" answer is in force, the usual case.
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const concerns = await tx.selectFrom('adv_advisories').selectAll().where('status', '=', 'answered').where('answer', '=', 'of_concern').where('valid_until', '>=', today).orderBy('answered_at', 'desc').execute();
  if (!concerns.length) return;
  const c = await casePartiesForAdvisories(tx, applicationId);
  if (!c) return;
  const match = nameMatcher(concerns.map((a) => ({ id: a.id, name: a.end_user_name })));
  const found: { party: string; reference: string; reasonCode: string | null; validUntil: string | null }[] = [];
  for (const p of c.parties) {
    const ids = new Set(match(p.name).map((m) => m.id));
    const concern = concerns.find((a) => ids.has(a.id) && a.end_user_country === (p.country ?? '').toUpperCase());
    if (concern) found.push({ party: p.name, reference: concern.reference, reasonCode: concern.reason_code, validUntil: concern.valid_until });
  }
  if (!found.length) return;
  await raiseAdvisoryFlag(tx, ctx, applicationId, `end user advised as of concern: ${found.map((f) => `${f.party} (${f.reference})`).join('; ')}`, {
    why: 'an end-user advisory in force answered "of concern" for a party of this application',
    next: 'read the advisory and its reason before deciding',
    advisories: found,
  });
}
