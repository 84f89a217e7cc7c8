/** On every case change: a party that an advisory in force says is of concern puts a blocking flag on the case. */
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { casePartiesForAdvisories, raiseAdvisoryFlag } from '../licensing/advisories.port.js';
import { answeredOn } from './advisories.service.js';

export async function flagCaseForAdvisories(tx: Executor, ctx: Ctx, applicationId: string) {
  const c = await casePartiesForAdvisories(tx, applicationId);
  if (!c) return;
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const found: { party: string; reference: string; reasonCode: string | null; validUntil: string | null }[] = [];
  for (const p of c.parties) {
    const concern = (await answeredOn(tx, p.name, p.country, today)).find((a) => a.answer === 'of_concern');
    if (concern) found.push({ party: p.name, reference: concern.reference, reasonCode: concern.reason_code, validUntil: concern.valid_until });
  }
  if (!found.length) return;
  await raiseAdvisoryFlag(tx, ctx, applicationId, `end user advised as of concern: ${found.map((f) => `${f.party} (${f.reference})`).join('; ')}`, {
    why: 'an end-user advisory in force answered "of concern" for a party of this application',
    next: 'read the advisory and its reason before deciding',
    advisories: found,
  });
}
