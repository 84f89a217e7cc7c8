import type { Role } from '../../src/platform/auth/roles.js';
import type { SweepSuite, SweepFixtures, Ids } from './types.js';
import { DEFAULT_HOLIDAYS, DEFAULT_ROUTING_RULES } from '../../src/domains/licensing/licensing.migrations.js';
import { seedPacks } from '../../src/domains/determination/determination.service.js';
import { seedScreening } from '../../src/domains/screening/lists.service.js';

const INDUSTRY: Role[] = ['exporter', 'exporter_admin'];
const OFFICERS: Role[] = ['licensing_officer', 'senior_officer'];
const READERS: Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight'];
const B = ['exporter_b', 'exporter_admin_b'] as const;

const draftBody = {
  destination: 'AU',
  endUse: 'Integration into naval radar systems for a navy',
  declarations: { militaryEndUse: true, accepted: true },
  goods: [{ description: 'Radar transceiver', rating: 'ML5', quantity: 2, unit: 'items', value: 1000, currency: 'GBP' }],
  parties: [
    { role: 'consignee', name: 'Sweep Consignee Pty', address: '1 Dock Road, Sydney', country: 'AU' },
    { role: 'end_user', name: 'Sweep End User', address: '2 Base Road, Canberra', country: 'AU' },
  ],
};

/** Creates exporter A's drafts and cases in every state the endpoints need. */
async function setup({ t, users }: SweepFixtures): Promise<Ids> {
  // Submissions are determined against the authority's pack (without one, cases get a blocking flag).
  await seedPacks(t.deps, ['eu', 'uk']);
  // Parties are screened on submission; without a loaded list the case is blocked as "parties not screened".
  await seedScreening(t.deps, ['un-sc']);
  const ex = t.as(users.exporter);
  const officer = t.as(users.licensing_officer);
  const senior = t.as(users.senior_officer);
  const ok = async (p: Promise<{ statusCode: number; body: string; json(): any }>) => {
    const r = await p;
    if (r.statusCode >= 300) throw new Error(`sweep setup failed: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const draft = async () => (await ok(ex.post('/api/applications', draftBody))).id as string;
  const submitted = async () => {
    const id = await draft();
    await ok(ex.post(`/api/applications/${id}/submit`));
    await ok(officer.post(`/api/cases/${id}/referrals`, { team: 'defence' }));
    return id;
  };
  const ids: Ids = {};
  ids.draftPut = await draft();
  ids.draftSubmit = await draft();
  ids.draftDelete = await draft();
  ids.withdraw = await submitted();
  ids.case = await submitted();
  // A question to answer, a document and a manual flag on the main case.
  ids.question = (await ok(officer.post(`/api/cases/${ids.case}/questions`, { text: 'Sweep question?' }))).id;
  ids.flag = (await ok(officer.post(`/api/cases/${ids.case}/flags`, { label: 'Sweep flag', blocking: false }))).id;
  const boundary = 'sweepboundary';
  const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="euu.txt"\r\nContent-Type: text/plain\r\n\r\nEnd-user undertaking\r\n--${boundary}--\r\n`;
  ids.document = (await ok(ex.inject({ method: 'POST', url: `/api/applications/${ids.case}/documents?kind=end_user_undertaking`, payload: multipart, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }))).id;
  // An approved case with a licence, and a refused one (both referred to the defence team).
  const decided = async (outcome: 'approved' | 'refused') => {
    const id = await submitted();
    const adviser = t.as(users.adviser);
    await ok(adviser.post(`/api/cases/${id}/advice`, { decision: outcome === 'refused' ? 'refuse' : 'approve', criteria: outcome === 'refused' ? ['7'] : undefined, rationale: 'sweep' }));
    await ok(officer.post(`/api/cases/${id}/advice`, { decision: outcome === 'refused' ? 'refuse' : 'approve', criteria: outcome === 'refused' ? ['7'] : undefined, rationale: 'sweep' }));
    await ok(senior.post(`/api/cases/${id}/countersign`, {}));
    const d = await ok(officer.post(`/api/cases/${id}/decision`, { outcome, criteria: outcome === 'refused' ? ['7'] : undefined, rationale: 'sweep decision', departureReason: 'sweep' }));
    return { id, licenceId: d.licenceId as string | undefined };
  };
  const approved = await decided('approved');
  ids.approved = approved.id;
  ids.licence = approved.licenceId!;
  ids.refused = (await decided('refused')).id;
  ids.licenceGood = (await ok(officer.get(`/api/licences/${ids.licence}`))).goods[0].id;
  return ids;
}

/** Every licensing endpoint, with who may call it. */
export const licensingSweep: SweepSuite = {
  domain: 'licensing',
  setup,
  cases: [
    // catalogue
    { method: 'GET', url: '/api/products', allow: INDUSTRY },
    { method: 'POST', url: '/api/products', body: { name: 'Sweep product', description: 'A rated sweep product', rating: 'ML5' }, allow: INDUSTRY },
    // applications (exporter)
    { method: 'POST', url: '/api/applications', body: draftBody, allow: INDUSTRY },
    { method: 'GET', url: '/api/applications', allow: INDUSTRY },
    { method: 'GET', url: (i) => `/api/applications/${i.case}`, allow: [...INDUSTRY, ...READERS, 'adviser'], hidden: [...B, 'adviser_other_team'] },
    { method: 'PUT', url: (i) => `/api/applications/${i.draftPut}`, body: { destination: 'NZ' }, allow: INDUSTRY, hidden: [...B] },
    { method: 'POST', url: (i) => `/api/applications/${i.draftSubmit}/submit`, allow: INDUSTRY, hidden: [...B] },
    { method: 'POST', url: (i) => `/api/applications/${i.case}/documents`, body: {}, allow: INDUSTRY, hidden: [...B] },
    { method: 'GET', url: (i) => `/api/applications/${i.case}/documents/${i.document}`, allow: [...INDUSTRY, ...READERS, 'adviser'], hidden: [...B, 'adviser_other_team'] },
    { method: 'POST', url: (i) => `/api/applications/${i.case}/questions/${i.question}/answer`, body: { answer: 'Sweep answer' }, allow: INDUSTRY, hidden: [...B] },
    { method: 'POST', url: (i) => `/api/applications/${i.refused}/appeal`, body: { grounds: 'Sweep grounds for appeal, long enough.' }, allow: INDUSTRY, hidden: [...B] },
    { method: 'GET', url: (i) => `/api/applications/${i.refused}/refusal-letter`, allow: [...INDUSTRY, ...READERS, 'adviser'], hidden: [...B, 'adviser_other_team'] },
    { method: 'POST', url: (i) => `/api/applications/${i.case}/amend`, allow: INDUSTRY, hidden: [...B] },
    { method: 'POST', url: (i) => `/api/applications/${i.withdraw}/withdraw`, body: { reason: 'sweep' }, allow: INDUSTRY, hidden: [...B] },
    // drafts and correspondence (exporter side)
    { method: 'DELETE', url: (i) => `/api/applications/${i.draftDelete}`, allow: INDUSTRY, hidden: [...B] },
    { method: 'POST', url: (i) => `/api/applications/${i.case}/copy`, allow: INDUSTRY, hidden: [...B] },
    { method: 'GET', url: (i) => `/api/applications/${i.case}/messages`, allow: [...INDUSTRY, ...READERS, 'adviser'], hidden: [...B, 'adviser_other_team'] },
    { method: 'POST', url: (i) => `/api/applications/${i.case}/messages`, body: { text: 'Sweep message' }, allow: [...INDUSTRY, ...OFFICERS], hidden: [...B] },
    // workspace (authority)
    { method: 'GET', url: '/api/workspace', allow: [...READERS, 'adviser'] },
    { method: 'GET', url: '/api/licensing/teams', allow: [...READERS, 'adviser'] },
    { method: 'GET', url: '/api/licensing/officers', allow: READERS },
    { method: 'GET', url: '/api/cases?q=sweep&party=sweep&exporter=a&rating=ml&destination=AU&assignedTo=me', allow: [...READERS, 'adviser'] },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/assign`, body: { userId: null }, allow: OFFICERS },
    { method: 'GET', url: (i) => `/api/cases/${i.case}/timeline`, allow: [...READERS, 'adviser'], hidden: ['adviser_other_team'] },
    { method: 'GET', url: (i) => `/api/cases/${i.case}/notes`, allow: [...READERS, 'adviser'], hidden: ['adviser_other_team'] },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/notes`, body: { text: 'Sweep note' }, allow: [...OFFICERS, 'adviser'], hidden: ['adviser_other_team'] },
    { method: 'GET', url: (i) => `/api/cases/${i.case}/messages`, allow: [...INDUSTRY, ...READERS, 'adviser'], hidden: [...B, 'adviser_other_team'] },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/messages`, body: { text: 'Sweep message' }, allow: [...INDUSTRY, ...OFFICERS], hidden: [...B] },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/documents`, body: {}, allow: OFFICERS },
    { method: 'GET', url: (i) => `/api/cases/${i.case}/screening`, allow: [...READERS, 'adviser'], hidden: ['adviser_other_team'] },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/screening/decisions`, body: { decisions: [{ hitId: 'none', decision: 'false_positive', reason: 'sweep' }] }, allow: OFFICERS },
    { method: 'GET', url: '/api/licences/verify/CW-0000-0000-0000', public: true, allow: 'all' },
    // cases (authority)
    { method: 'GET', url: '/api/cases', allow: [...READERS, 'adviser'] },
    { method: 'GET', url: '/api/cases?queue=military&status=under_review', allow: [...READERS, 'adviser'] },
    { method: 'GET', url: '/api/cases/summary', allow: READERS },
    { method: 'GET', url: (i) => `/api/cases/${i.case}`, allow: [...READERS, 'adviser'], hidden: ['adviser_other_team'] },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/questions`, body: { text: 'Another sweep question?' }, allow: OFFICERS },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/referrals`, body: { team: 'defence' }, allow: OFFICERS },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/advice`, body: { decision: 'approve' }, allow: [...OFFICERS, 'adviser'], hidden: ['adviser_other_team'] },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/request-countersignature`, allow: OFFICERS },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/countersign`, body: {}, allow: ['senior_officer'] },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/decision`, body: { outcome: 'approved', rationale: 'sweep' }, allow: OFFICERS },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/flags`, body: { label: 'Sweep flag 2' }, allow: OFFICERS },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/flags/${i.flag}/clear`, body: { reason: 'sweep' }, allow: OFFICERS },
    { method: 'POST', url: (i) => `/api/cases/${i.case}/denial-matches/00000000-0000-0000-0000-000000000000`, body: { result: 'partial', comment: 'sweep' }, allow: OFFICERS },
    { method: 'POST', url: (i) => `/api/cases/${i.refused}/appeal-decision`, body: { outcome: 'upheld', rationale: 'sweep' }, allow: ['senior_officer'] },
    // licences
    { method: 'GET', url: '/api/licences', allow: [...INDUSTRY, ...READERS, 'customs_officer', 'enforcement_officer'] },
    { method: 'GET', url: (i) => `/api/licences/${i.licence}`, allow: [...INDUSTRY, ...READERS, 'customs_officer', 'enforcement_officer', 'adviser'], hidden: [...B, 'adviser_other_team'] },
    { method: 'GET', url: (i) => `/api/licences/${i.licence}/pdf`, allow: [...INDUSTRY, ...READERS, 'customs_officer', 'enforcement_officer', 'adviser'], hidden: [...B, 'adviser_other_team'] },
    { method: 'POST', url: (i) => `/api/licences/${i.licence}/usage`, body: (i: Ids) => ({ licenceGoodId: i.licenceGood, quantity: 0.01 }), allow: ['customs_officer', ...OFFICERS] },
    { method: 'POST', url: (i) => `/api/licences/${i.licence}/suspend`, body: { reason: 'sweep' }, allow: OFFICERS },
    { method: 'POST', url: (i) => `/api/licences/${i.licence}/reinstate`, body: { reason: 'sweep' }, allow: OFFICERS },
    { method: 'POST', url: (i) => `/api/licences/${i.licence}/exhaust`, body: { reason: 'sweep' }, allow: [...OFFICERS, 'customs_officer', 'admin'] },
    { method: 'POST', url: (i) => `/api/licences/${i.licence}/revoke`, body: { reason: 'sweep' }, allow: OFFICERS },
    { method: 'POST', url: (i) => `/api/licences/${i.licence}/surrender`, body: {}, allow: INDUSTRY, hidden: [...B] },
    // denials register
    { method: 'GET', url: '/api/denials', allow: READERS },
    { method: 'POST', url: '/api/denials/import', body: { csv: 'reference,regime_reg_ref,name,address,notifying_government,country,denial_cle,item_description,end_use,reason_for_refusal,entity_type\nDN1/1,SW-1,Sweep Co,"1 Road",Country A,Country A,0A001,Widget,Industry,Risk,end_user\n' }, allow: [...OFFICERS, 'admin'] },
    { method: 'GET', url: '/api/denials/export.csv', allow: READERS },
    // configuration
    { method: 'GET', url: '/api/licensing/workflow', allow: [...READERS, 'adviser'] },
    { method: 'GET', url: '/api/licensing/holidays', allow: [...READERS, 'adviser'] },
    { method: 'PUT', url: '/api/licensing/holidays', body: { holidays: DEFAULT_HOLIDAYS }, allow: ['admin'] },
    { method: 'GET', url: '/api/licensing/routing-rules', allow: [...READERS, 'adviser'] },
    {
      method: 'PUT',
      url: '/api/licensing/routing-rules',
      body: {
        rules: DEFAULT_ROUTING_RULES.map((r) => ({ id: r.id, priority: r.priority, name: r.name, queue: r.queue, caseType: r.case_type, destinations: r.destinations, ratingPrefix: r.rating_prefix, flag: r.flag, riskTier: r.risk_tier as 'high' | null, active: true })),
      },
      allow: ['admin'],
    },
  ],
};
