import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { findParty, normalisePartyName, partyLicensingRecord } from '../licensing/verification.port.js';
import { screeningDecisionsForParty } from '../screening/authority-list.reads.js';
import { requireReader } from './verification.policy.js';
import { partyKey, presentCheck, todayOf } from './verification.repository.js';

/** Points each piece of the record moves the score (from 100, bounded to 0..100). */
export const RELIABILITY_POINTS = { verified: 5, unfavourable: -30, unable_to_verify: -15, refused: -30, listed: -30, denial: -20, trueMatch: -30, refusedCase: -10 } as const;

/** GET /api/parties/{id}/reliability: everything known about a party, and a score with how it was computed. */
export async function partyReliability(ctx: Ctx, partyId: string) {
  requireReader(ctx.actor);
  const party = await findParty(ctx.db, partyId);
  if (!party) throw notFound('Party');
  const key = partyKey(party.name, party.country);
  const today = todayOf(ctx.clock.now());
  const checks = await ctx.db.selectFrom('ver_checks').selectAll().where('party_key', '=', key).orderBy('created_at', 'desc').execute();
  const listings = await ctx.db.selectFrom('ver_unverified').selectAll().where('party_key', '=', key).orderBy('proposed_at', 'desc').execute();
  const licensing = await partyLicensingRecord(ctx.db, party.name, party.country);
  const screening = await screeningDecisionsForParty(ctx.db, party.name, party.country, (a, b) => normalisePartyName(a) === normalisePartyName(b));
  const components: { what: string; count: number; points: number }[] = [];
  const add = (what: string, count: number, each: number) => count && components.push({ what, count, points: count * each });
  for (const o of ['verified', 'unfavourable', 'unable_to_verify', 'refused'] as const)
    add(`end-use checks ${o.replace(/_/g, ' ')}`, checks.filter((c) => c.outcome === o).length, RELIABILITY_POINTS[o]);
  add('on the Unverified List', listings.filter((l) => l.status === 'listed').length ? 1 : 0, RELIABILITY_POINTS.listed);
  add('active denials naming the party', licensing.denials.length, RELIABILITY_POINTS.denial);
  add('screening hits decided as true matches', screening.filter((s) => s.status === 'true_match').length, RELIABILITY_POINTS.trueMatch);
  add('applications refused', licensing.applications.filter((a) => a.outcome === 'refused').length, RELIABILITY_POINTS.refusedCase);
  const raw = 100 + components.reduce((s, c) => s + c.points, 0);
  const score = Math.max(0, Math.min(100, raw));
  return {
    party: { id: party.id, name: party.name, country: party.country, role: party.role },
    score,
    computation: {
      start: 100,
      components,
      bounded: raw !== score ? `${raw} bounded to ${score} (0..100)` : null,
      note: 'Records are matched by the party’s normalised name and country across every application.',
    },
    checks: checks.map((c) => presentCheck(c, today)),
    listings: listings.map((l) => ({ id: l.id, status: l.status, reason: l.reason, reviewOn: l.review_on, proposedAt: l.proposed_at, confirmedAt: l.confirmed_at, removedAt: l.removed_at })),
    denials: licensing.denials,
    screeningDecisions: screening,
    applications: licensing.applications,
    licences: licensing.licences,
  };
}
