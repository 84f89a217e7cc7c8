/**
 * No undercut: a case that matches another authority's denial of an essentially identical transaction (the same
 * control-entry family, the same destination, a party the screening matcher matched to the denied party and the
 * officer has not ruled out) gets a blocking flag until that authority has answered a consultation or its deadline
 * has passed. Re-checked on every change of the case.
 */
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { caseForConsultation, clearFlagByCode, isOpenCase, raiseBlockingFlag } from '../licensing/exchange.port.js';

export const CONSULT_FLAG = 'peer_consultation';

/** "3A001.a.1" → "3A001", "ML5.a" → "ML5": the entry a sub-item belongs to; families compare on this. */
const family = (code: string) => code.trim().toUpperCase().match(/^(ML\d+|\d[A-E]\d{3})/)?.[1] ?? code.trim().toUpperCase();

function sameFamily(denied: string | null, entries: string[]): boolean {
  if (!denied || !entries.length) return true; // unknown: conservative, consult
  const want = new Set(denied.split(/[;,]\s*/).filter(Boolean).map(family));
  return entries.some((e) => want.has(family(e)));
}

/** Peers' denials this case undercuts and that were not yet consulted on. */
export async function undercutDenials(db: Executor, applicationId: string) {
  const c = await caseForConsultation(db, applicationId);
  if (!c || !isOpenCase(c.status)) return { case: c, denials: [] };
  const refs = [...new Set(c.peerDenialMatches.map((m) => m.denialReference))];
  if (!refs.length) return { case: c, denials: [] };
  const received = await db.selectFrom('exch_received_denials').selectAll().where('reference', 'in', refs).where('revoked_at', 'is', null).execute();
  const consulted = await db.selectFrom('exch_consultations').select(['denial_reference', 'status']).where('application_id', '=', applicationId).where('direction', '=', 'outbound').execute();
  const denials = received
    .filter((r) => !r.destination || !c.destination || r.destination === c.destination)
    .filter((r) => sameFamily(r.control_entry, c.controlEntries))
    .map((r) => ({ ...r, match: c.peerDenialMatches.find((m) => m.denialReference === r.reference)!, consultation: consulted.find((x) => x.denial_reference === r.reference)?.status ?? null }));
  return { case: c, denials };
}

/** On a case change: raise the blocking flag when an identical peer denial has no consultation yet. */
export async function checkCaseForUndercut(tx: Executor, ctx: Ctx, applicationId: string) {
  // Runs on every case change: without a peer's denial in force there is nothing to compare (one cheap query).
  const any = await tx.selectFrom('exch_received_denials').select('reference').where('revoked_at', 'is', null).limit(1).executeTakeFirst();
  if (!any) return;
  const { denials } = await undercutDenials(tx, applicationId);
  const unconsulted = denials.filter((d) => d.consultation === null || d.consultation === 'open');
  if (!unconsulted.length) return;
  await raiseBlockingFlag(tx, ctx, applicationId, CONSULT_FLAG, `consult ${[...new Set(unconsulted.map((d) => d.match.peerName))].join(', ')} before deciding`, {
    why: 'another authority denied an essentially identical transaction (same control-entry family and destination, matching party)',
    next: 'send a consultation from the case (Exchange → Consult) and wait for the answer or the deadline; if the party is not the denied one, record the denial match as not a match',
    denials: unconsulted.map((d) => ({ reference: d.reference, peer: d.match.peerName, deniedParty: d.match.denialName, party: d.match.partyName, controlEntry: d.control_entry, destination: d.destination })),
  });
}

/** After an answer or an expired deadline: clear the flag once no consultation on the case is still open. */
export async function closeConsultationFlag(tx: Executor, ctx: Ctx, applicationId: string, reason: string) {
  const open = await tx.selectFrom('exch_consultations').select('id').where('application_id', '=', applicationId).where('direction', '=', 'outbound').where('status', '=', 'open').executeTakeFirst();
  if (open) return false;
  const { denials } = await undercutDenials(tx, applicationId);
  if (denials.some((d) => d.consultation === null)) return false;
  return clearFlagByCode(tx, ctx, applicationId, CONSULT_FLAG, reason);
}
