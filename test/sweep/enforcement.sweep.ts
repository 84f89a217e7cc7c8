import type { Role } from '../../src/platform/auth/roles.js';
import type { Ids, SweepFixtures, SweepSuite } from './types.js';

const WORKERS: Role[] = ['enforcement_officer'];
const READERS: Role[] = ['enforcement_officer', 'oversight', 'admin'];
const CALCULATORS: Role[] = ['enforcement_officer', 'senior_officer', 'oversight', 'admin'];
const PROCEEDING_READERS: Role[] = [...READERS, 'senior_officer'];
const CALC = { pack: 'us-bis', transactionValue: 5000, egregious: false, voluntarySelfDisclosure: false };
const ELEMENTS = ['management_commitment', 'organisation_resources', 'training_awareness', 'transaction_screening', 'performance_review', 'recordkeeping', 'physical_information_security'];
const FINDING = { element: 'recordkeeping', severity: 'minor', description: 'Sweep finding', action: 'Sweep action', dueOn: '2027-02-01' };
const REPORT = { category: 'other', description: 'Sweep: a concern long enough to be accepted by the hotline.' };

/** A hotline report (with its receipt and passphrase). */
async function setup({ t, users }: SweepFixtures): Promise<Ids> {
  const res = (await t.as(null).post('/api/public/concerns', REPORT)).json();
  const row = await t.deps.db.selectFrom('enforcement_concerns').select('id').where('receipt', '=', res.receipt).executeTakeFirstOrThrow();
  const officer = t.as(users.enforcement_officer);
  const inv = (await officer.post('/api/enforcement/investigations', { title: 'Sweep investigation', summary: 'Created by the access sweep.' })).json();
  const withTask = (await officer.post(`/api/enforcement/investigations/${inv.id}/tasks`, { title: 'Sweep task' })).json();
  const withEvidence = (await officer.post(`/api/enforcement/investigations/${inv.id}/evidence`, { description: 'Sweep item', custodian: 'Store', sha256: 'c'.repeat(64) })).json();
  const proceeding = (await officer.post(`/api/enforcement/investigations/${inv.id}/proceedings`, { respondent: 'Sweep Respondent', charges: 'Charges raised by the sweep.', calculation: CALC })).json();
  const audit = (await officer.post('/api/enforcement/audits', { organisationId: users.exporter.organisationId, basis: 'Sweep', plannedOn: '2027-01-01' })).json();
  for (const element of ELEMENTS) await officer.post(`/api/enforcement/audits/${audit.id}/checklist`, { element, score: 2 });
  const finding = (await officer.post(`/api/enforcement/audits/${audit.id}/findings`, FINDING)).json().findings[0];
  return {
    receipt: res.receipt, passphrase: res.passphrase, concern: row.id, inv: inv.id, task: withTask.tasks[0].id, evidence: withEvidence.evidence[0].id, proceeding: proceeding.id,
    audit: audit.id, finding: finding.id, org: users.exporter.organisationId,
  };
}

/** Every enforcement endpoint, with who may call it. */
export const enforcementSweep: SweepSuite = {
  domain: 'enforcement',
  setup,
  strictStatus: true,
  cases: [
    { method: 'POST', url: '/api/public/concerns', public: true, body: REPORT, allow: 'all', status: 201 },
    // Without the passphrase header every caller gets 400 (the sweep cannot send it); the hotline test covers the rest.
    { method: 'GET', url: (i) => `/api/public/concerns/${i.receipt}/messages`, public: true, allow: 'all', status: 400 },
    { method: 'POST', url: (i) => `/api/public/concerns/${i.receipt}/messages`, public: true, body: (i: Ids) => ({ passphrase: i.passphrase, body: 'sweep reply' }), allow: 'all', status: 201 },
    { method: 'POST', url: (i) => `/api/public/concerns/${i.receipt}/files`, public: true, body: {}, allow: 'all', status: 400 },
    { method: 'GET', url: '/api/enforcement/concerns', allow: READERS },
    { method: 'GET', url: (i) => `/api/enforcement/concerns/${i.concern}`, allow: READERS },
    { method: 'POST', url: (i) => `/api/enforcement/concerns/${i.concern}/messages`, body: { body: 'sweep question' }, allow: WORKERS, status: 201 },
    { method: 'POST', url: (i) => `/api/enforcement/concerns/${i.concern}/status`, body: { status: 'in_review', reason: 'sweep' }, allow: WORKERS },
    { method: 'POST', url: (i) => `/api/enforcement/concerns/${i.concern}/files`, body: {}, allow: WORKERS, status: 400 },
    { method: 'GET', url: (i) => `/api/enforcement/concerns/${i.concern}/files/none`, allow: READERS, status: 404 },
    // Investigations are held by the authority (no team): another organisation's officer would get 404.
    { method: 'POST', url: '/api/enforcement/investigations', body: { title: 'Sweep', summary: 'Opened by the sweep.' }, allow: WORKERS, status: 201 },
    { method: 'GET', url: '/api/enforcement/investigations', allow: READERS },
    { method: 'GET', url: (i) => `/api/enforcement/investigations/${i.inv}`, allow: READERS },
    { method: 'POST', url: (i) => `/api/enforcement/investigations/${i.inv}/status`, body: { status: 'active', reason: 'sweep' }, allow: WORKERS },
    { method: 'POST', url: (i) => `/api/enforcement/investigations/${i.inv}/links`, body: { kind: 'party', ref: 'Sweep Party Ltd' }, allow: WORKERS, status: 201 },
    { method: 'POST', url: (i) => `/api/enforcement/investigations/${i.inv}/tasks`, body: { title: 'Another task' }, allow: WORKERS, status: 201 },
    { method: 'POST', url: (i) => `/api/enforcement/investigations/${i.inv}/tasks/${i.task}/done`, allow: WORKERS },
    { method: 'POST', url: (i) => `/api/enforcement/investigations/${i.inv}/notes`, body: { body: 'sweep note' }, allow: WORKERS, status: 201 },
    { method: 'POST', url: (i) => `/api/enforcement/investigations/${i.inv}/evidence`, body: { description: 'Another item', custodian: 'Store', sha256: 'd'.repeat(64) }, allow: WORKERS, status: 201 },
    { method: 'POST', url: (i) => `/api/enforcement/investigations/${i.inv}/evidence/${i.evidence}/custody`, body: { action: 'examined' }, allow: WORKERS, status: 201 },
    { method: 'GET', url: '/api/enforcement/penalties/packs', allow: CALCULATORS },
    { method: 'POST', url: '/api/enforcement/penalties/calculate', body: CALC, allow: CALCULATORS },
    { method: 'POST', url: (i) => `/api/enforcement/investigations/${i.inv}/proceedings`, body: { respondent: 'Other Respondent', charges: 'More charges from the sweep.', calculation: CALC }, allow: WORKERS, status: 201 },
    { method: 'GET', url: (i) => `/api/enforcement/investigations/${i.inv}/proceedings`, allow: PROCEEDING_READERS },
    { method: 'GET', url: '/api/enforcement/proceedings', allow: PROCEEDING_READERS },
    { method: 'GET', url: (i) => `/api/enforcement/proceedings/${i.proceeding}`, allow: PROCEEDING_READERS },
    // The due-process steps in order; each allowed role has one caller, so each step runs once.
    { method: 'POST', url: (i) => `/api/enforcement/proceedings/${i.proceeding}/response`, body: { response: 'Sweep response' }, allow: WORKERS },
    { method: 'POST', url: (i) => `/api/enforcement/proceedings/${i.proceeding}/hearing`, body: { hearingOn: '2099-01-01' }, allow: WORKERS },
    { method: 'POST', url: (i) => `/api/enforcement/proceedings/${i.proceeding}/decision`, body: { decision: 'upheld', reasons: 'Upheld by the sweep.' }, allow: ['senior_officer'] },
    { method: 'POST', url: (i) => `/api/enforcement/proceedings/${i.proceeding}/appeal`, body: { grounds: 'Appealed by the sweep.' }, allow: WORKERS },
    { method: 'POST', url: (i) => `/api/enforcement/proceedings/${i.proceeding}/appeal-decision`, body: { outcome: 'dismissed', reasons: 'Dismissed by the sweep.' }, allow: ['senior_officer'] },
    { method: 'POST', url: (i) => `/api/enforcement/proceedings/${i.proceeding}/publish`, body: { publicSummary: 'An exporter paid a penalty for an unlicensed export.' }, allow: WORKERS },
    { method: 'GET', url: '/api/public/enforcement-summaries', public: true, allow: 'all' },
    { method: 'POST', url: '/api/enforcement/audits', body: (i: Ids) => ({ organisationId: i.org, basis: 'Sweep plan', plannedOn: '2027-02-01' }), allow: WORKERS, status: 201 },
    { method: 'GET', url: '/api/enforcement/audits', allow: READERS },
    { method: 'GET', url: '/api/enforcement/exporters?q=exporter', allow: READERS },
    { method: 'GET', url: (i) => `/api/enforcement/audits/${i.audit}`, allow: READERS },
    { method: 'POST', url: (i) => `/api/enforcement/audits/${i.audit}/checklist`, body: { element: 'recordkeeping', score: 3 }, allow: WORKERS },
    { method: 'POST', url: (i) => `/api/enforcement/audits/${i.audit}/findings`, body: FINDING, allow: WORKERS, status: 201 },
    { method: 'POST', url: (i) => `/api/enforcement/audits/${i.audit}/findings/${i.finding}/close`, body: { note: 'Sweep closed' }, allow: WORKERS },
    { method: 'POST', url: (i) => `/api/enforcement/audits/${i.audit}/complete`, allow: WORKERS },
    // Exporters see their own organisation's rating; another organisation's is 404.
    { method: 'GET', url: (i) => `/api/enforcement/icp/${i.org}`, allow: [...READERS, 'exporter', 'exporter_admin'], hidden: ['exporter_b', 'exporter_admin_b'] },
  ],
};
