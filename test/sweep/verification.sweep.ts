import type { Role } from '../../src/platform/auth/roles.js';
import type { Ids, SweepFixtures, SweepSuite } from './types.js';
import { ok } from '../../src/domains/customs/customs.fixtures.js';
import { newId } from '../../src/platform/ids.js';

const OFFICERS: Role[] = ['licensing_officer', 'senior_officer'];
const READERS: Role[] = [...OFFICERS, 'admin', 'oversight', 'enforcement_officer'];

/**
 * A draft application's end user, a check about it assigned to a partner agency, a proposal and two proposed listings.
 * The sweep's callers are all authority or exporter users; partner-agency access (only their own checks, 404 for another
 * agency's, 403 for officer actions) is covered in src/domains/verification/verification.test.ts.
 */
async function setup({ t, users }: SweepFixtures): Promise<Ids> {
  const app = await ok(
    t.as(users.exporter).post('/api/applications', {
      destination: 'AE',
      endUse: 'Sweep fixture end use for a harbour radar',
      parties: [{ role: 'end_user', name: 'Sweep Dunes Trading LLC', address: '9 Creek Street, Dubai', country: 'AE' }],
    }),
  );
  const party = await t.deps.db.selectFrom('lic_parties').select(['id', 'name', 'country']).where('application_id', '=', app.id).executeTakeFirstOrThrow();
  const agency = await t.org('Sweep Embassy', 'partner_agency');
  const now = new Date().toISOString();
  const ids: Ids = { party: party.id, check: newId(), proposal: newId(), listing: newId(), listing2: newId() };
  const key = 'sweep dunes trading|AE';
  await t.deps.db
    .insertInto('ver_checks')
    .values({ id: ids.check, reference: `EUC-SWEEP-${ids.check.slice(0, 6)}`, kind: 'pre_licence', status: 'assigned', application_id: app.id, licence_id: null, declaration_reference: null, party_id: party.id, party_name: party.name, party_country: 'AE', party_key: key, destination: 'AE', reason: 'sweep', requested_by: users.licensing_officer.id, assigned_org_id: agency, assigned_user_id: null, assigned_at: now, due_on: '2099-01-01', reminded_at: null, escalated_at: null, outcome: null, visited_on: null, findings: null, items_seen: null, evidence_file_ids: '[]', reported_by: null, reported_at: null, proposal_id: null, created_at: now, updated_at: now })
    .execute();
  await t.deps.db
    .insertInto('ver_proposals')
    .values({ id: ids.proposal, licence_id: newId(), licence_reference: 'SWEEP/L1', party_id: party.id, party_name: party.name, party_country: 'AE', party_key: key, destination: 'AE', score: 50, explanation: '[]', random_pick: 0, status: 'proposed', decided_by: null, decided_at: null, decision_reason: null, defer_until: null, check_id: null, created_at: now })
    .execute();
  for (const id of [ids.listing, ids.listing2])
    await t.deps.db
      .insertInto('ver_unverified')
      .values({ id, party_key: key, party_name: party.name, party_country: 'AE', party_address: null, status: 'proposed', check_id: ids.check, reason: null, review_on: null, proposed_at: now, confirmed_by: null, confirmed_at: null, removed_by: null, removed_at: null, removal_reason: null, removal_check_id: null })
      .execute();
  return ids;
}

/** Every verification endpoint, with who may call it. */
export const verificationSweep: SweepSuite = {
  domain: 'verification',
  setup,
  strictStatus: true,
  cases: [
    // Officers get past the access check to the subject's validation (no such party).
    { method: 'POST', url: '/api/verifications', body: { kind: 'post_shipment', subject: { licenceId: 'nope' }, partyId: 'nope', reason: 'sweep request' }, allow: OFFICERS, status: 400 },
    { method: 'GET', url: '/api/verifications', allow: READERS, status: 200, partner: 'allow' },
    { method: 'GET', url: '/api/verifications?overdue=true', allow: READERS, status: 200, partner: 'allow' },
    { method: 'GET', url: '/api/verifications/agents', allow: OFFICERS, status: 200 },
    { method: 'GET', url: '/api/verifications/proposals', allow: READERS, status: 200 },
    { method: 'POST', url: '/api/verifications/proposals/run', allow: OFFICERS, status: 200 },
    { method: 'POST', url: (ids) => `/api/verifications/proposals/${ids.proposal}/decide`, body: { decision: 'reject', reason: 'sweep rejects it' }, allow: OFFICERS, status: [200, 409] },
    { method: 'GET', url: '/api/verifications/unverified', allow: READERS, status: 200 },
    { method: 'POST', url: (ids) => `/api/verifications/unverified/${ids.listing}/confirm`, body: { reason: 'sweep listing', reviewOn: '2099-01-01' }, allow: OFFICERS, status: [200, 409] },
    { method: 'POST', url: (ids) => `/api/verifications/unverified/${ids.listing2}/reject`, body: { reason: 'sweep declines' }, allow: OFFICERS, status: [200, 409] },
    // Listed by the confirm case above; the removal needs a favourable check, which the sweep does not have.
    { method: 'POST', url: (ids) => `/api/verifications/unverified/${ids.listing}/remove`, body: { reason: 'sweep removal', checkId: 'nope' }, allow: OFFICERS, status: [400, 409] },
    { method: 'GET', url: (ids) => `/api/verifications/${ids.check}`, allow: READERS, status: 200, partner: 404 },
    { method: 'POST', url: (ids) => `/api/verifications/${ids.check}/assign`, body: { userId: 'nope' }, allow: OFFICERS, status: 400 },
    // Only the assigned partner agency reports; every authority and exporter user is refused.
    { method: 'POST', url: (ids) => `/api/verifications/${ids.check}/report`, body: { visitedOn: '2026-01-01', outcome: 'verified', findings: 'sweep findings text' }, allow: [], partner: 404 },
    { method: 'GET', url: (ids) => `/api/verifications/${ids.check}/evidence/nope`, allow: READERS, status: 404, partner: 404 },
    { method: 'GET', url: (ids) => `/api/parties/${ids.party}/reliability`, allow: READERS, status: 200 },
    { method: 'GET', url: '/api/public/reports/2026/end-use-checks', public: true, allow: 'all', status: 200 },
  ],
};
