import type { Role } from '../../src/platform/auth/roles.js';
import type { Ids, SweepFixtures, SweepSuite } from './types.js';
import { declaration, issueLicence, ok, seedReference } from '../../src/domains/customs/customs.fixtures.js';
import { newId } from '../../src/platform/ids.js';
import { seedScreening } from '../../src/domains/screening/lists.service.js';

const INDUSTRY: Role[] = ['exporter', 'exporter_admin'];
const AUTHORITY: Role[] = ['customs_officer', 'enforcement_officer', 'licensing_officer', 'senior_officer', 'admin', 'oversight'];
const READERS: Role[] = [...INDUSTRY, ...AUTHORITY];
const B = ['exporter_b', 'exporter_admin_b'] as const;

/** Exporter A's licence, declarations (one with a held line), a batch, a general-licence registration and a return. */
async function setup({ t, users }: SweepFixtures): Promise<Ids> {
  await seedReference(t);
  // Cases with unscreened parties cannot be decided, and customs holds lines it cannot screen.
  await seedScreening(t.deps, ['bis-dpl']);
  const lic = await issueLicence(t, users.exporter, { officer: users.licensing_officer, senior: users.senior_officer, adviser: users.adviser });
  const today = new Date().toISOString().slice(0, 10);
  const auth = { kind: 'individual', reference: lic.reference };
  const ex = t.as(users.exporter);
  const ids: Ids = { licence: lic.id, licenceRef: lic.reference, licenceGood: lic.goods[0].id, org: users.exporter.organisationId };
  ids.declaration = (await ok(ex.post('/api/customs/declarations', declaration({ date: today }, { quantity: 1, value: 10, authorisation: auth })))).declaration.id;
  ids.cancel = (await ok(ex.post('/api/customs/declarations', declaration({ date: today }, { quantity: 1, value: 10, authorisation: auth })))).declaration.id;
  const held = await ok(ex.post('/api/customs/declarations', declaration({ date: today }, { quantity: 1000, value: 10, authorisation: auth })));
  ids.heldLine = held.declaration.lines[0].id;
  ids.batch = (await ok(ex.inject({ method: 'POST', url: '/api/customs/declarations', payload: JSON.stringify(declaration({ date: today })), headers: { 'content-type': 'application/x-ndjson' } }))).batch.id;
  ids.registration = (await ok(ex.post('/api/customs/general-licences/EU001/registrations'))).id;
  ids.return = newId();
  await t.deps.db
    .insertInto('customs_gl_returns')
    .values({ id: ids.return, registration_id: ids.registration, organisation_id: users.exporter.organisationId, general_licence_id: 'EU001', period_start: '2025-07-01', period_end: '2025-12-31', due_on: '2026-01-30', status: 'due', filed_at: null, filed_by: null, summary: null, note: null, reminded_at: null, created_at: new Date().toISOString() })
    .execute();
  return ids;
}

let amendments = 0;

/** Every customs endpoint (and the licence amendment customs releases against), with who may call it. */
export const customsSweep: SweepSuite = {
  domain: 'customs',
  setup,
  cases: [
    { method: 'POST', url: '/api/customs/declarations', body: () => declaration({ date: new Date().toISOString().slice(0, 10) }), allow: [...INDUSTRY, 'customs_officer'] },
    { method: 'GET', url: '/api/customs/declarations', allow: READERS },
    { method: 'GET', url: (i) => `/api/customs/declarations/${i.declaration}`, allow: READERS, hidden: [...B] },
    { method: 'POST', url: (i) => `/api/customs/declarations/${i.cancel}/cancel`, body: { reason: 'sweep' }, allow: [...INDUSTRY, 'customs_officer'], hidden: [...B] },
    // A batch is its creator's (exporter A's first user) only.
    { method: 'GET', url: (i) => `/api/customs/batches/${i.batch}`, allow: [...INDUSTRY, 'customs_officer'], hidden: ['exporter_admin', 'customs_officer', ...B] },
    { method: 'GET', url: (i) => `/api/customs/batches/${i.batch}/results`, allow: [...INDUSTRY, 'customs_officer'], hidden: ['exporter_admin', 'customs_officer', ...B] },
    { method: 'GET', url: '/api/customs/holds', allow: AUTHORITY },
    { method: 'POST', url: (i) => `/api/customs/lines/${i.heldLine}/decision`, body: { decision: 'refuse', reason: 'sweep' }, allow: ['customs_officer'] },
    { method: 'GET', url: (i) => `/api/customs/licences?reference=${encodeURIComponent(i.licenceRef!)}`, allow: READERS },
    { method: 'GET', url: '/api/customs/licences?verificationCode=AAAAA-AAAAA', allow: READERS },
    { method: 'GET', url: (i) => `/api/customs/licences/${i.licence}`, allow: READERS, hidden: [...B] },
    { method: 'GET', url: '/api/customs/general-licences', allow: READERS },
    { method: 'PATCH', url: '/api/customs/general-licences/EU001', body: { registrationDeadlineDays: 0 }, allow: ['licensing_officer', 'senior_officer', 'admin'] },
    { method: 'POST', url: '/api/customs/general-licences/EU003/registrations', allow: INDUSTRY },
    { method: 'GET', url: '/api/customs/registrations', allow: READERS },
    { method: 'POST', url: (i) => `/api/customs/registrations/${i.registration}/suspend`, body: { reason: 'sweep' }, allow: ['customs_officer', 'licensing_officer', 'senior_officer'] },
    { method: 'POST', url: (i) => `/api/customs/registrations/${i.registration}/reinstate`, body: { reason: 'sweep' }, allow: ['customs_officer', 'licensing_officer', 'senior_officer'] },
    { method: 'GET', url: '/api/customs/returns', allow: READERS },
    { method: 'GET', url: '/api/customs/returns/overdue', allow: AUTHORITY },
    { method: 'POST', url: (i) => `/api/customs/returns/${i.return}/file`, body: { note: 'sweep' }, allow: INDUSTRY, hidden: [...B] },
    { method: 'GET', url: (i) => `/api/customs/reconciliation/licences/${i.licence}`, allow: READERS, hidden: [...B] },
    { method: 'GET', url: (i) => `/api/customs/reconciliation/licences/${i.licence}?format=csv`, allow: READERS, hidden: [...B] },
    { method: 'GET', url: (i) => `/api/customs/reconciliation/exporters/${i.org}`, allow: READERS, hidden: [...B] },
    // Each allowed call raises the value a little, so every one is a real amendment (201).
    { method: 'POST', url: (i) => `/api/licences/${i.licence}/amendments`, body: (i: Ids) => ({ goods: [{ id: i.licenceGood, value: 10_000 + ++amendments }], reason: 'sweep' }), allow: ['licensing_officer', 'senior_officer'], status: 201 },
    { method: 'GET', url: (i) => `/api/licences/${i.licence}/amendments`, allow: READERS, hidden: [...B] },
  ],
};
