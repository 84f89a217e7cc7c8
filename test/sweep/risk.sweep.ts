import type { Role } from '../../src/platform/auth/roles.js';
import type { Ids, SweepFixtures, SweepSuite } from './types.js';
import { declaration, ok } from '../../src/domains/customs/customs.fixtures.js';
import { ctxFor } from '../../src/platform/context.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/roles.js';
import { scanNow } from '../../src/domains/risk/scan.service.js';

const READERS: Role[] = ['customs_officer', 'enforcement_officer', 'licensing_officer', 'senior_officer', 'admin', 'oversight'];
const SCANNERS: Role[] = ['customs_officer', 'enforcement_officer', 'admin'];
const DECIDERS: Role[] = ['customs_officer', 'enforcement_officer'];

/** Three risky declarations scanned in-process: one alert to triage, one to escalate, one to dismiss; a linked party. */
async function setup({ t, users }: SweepFixtures): Promise<Ids> {
  const c = t.as(users.customs_officer);
  const gl = { authorisation: { kind: 'general', reference: 'EU001' } };
  const risky = (ref: string) => declaration({ reference: ref, destination: 'AM', transit: ['TR'], consignee: { name: `Sweep Hub ${ref}`, country: 'AM' }, endUser: { name: 'Sweep Plant', country: 'RU' } }, gl);
  for (const ref of ['RISK-SWEEP-1', 'RISK-SWEEP-2', 'RISK-SWEEP-3']) await ok(c.post('/api/customs/declarations', risky(ref)));
  await scanNow(ctxFor(t.deps, SYSTEM_ACTOR, 'sweep'), { full: true });
  const alerts = (await ok(c.get('/api/risk/alerts?subjectType=declaration'))).alerts as { id: string; subject: { reference: string } }[];
  const id = (ref: string) => alerts.find((a) => a.subject.reference === ref)!.id;
  const party = (await ok(c.get('/api/risk/parties'))).parties[0].key as string;
  return { triage: id('RISK-SWEEP-1'), escalate: id('RISK-SWEEP-2'), dismiss: id('RISK-SWEEP-3'), party: encodeURIComponent(party) };
}

/** Every risk endpoint, with who may call it (industry and advisers have no access). */
export const riskSweep: SweepSuite = {
  domain: 'risk',
  setup,
  strictStatus: true,
  cases: [
    { method: 'POST', url: '/api/risk/scan', body: {}, allow: SCANNERS, status: 202 },
    { method: 'GET', url: '/api/risk/scans', allow: READERS },
    { method: 'GET', url: '/api/risk/alerts?kind=transshipment&status=new&limit=10', allow: READERS },
    { method: 'GET', url: (i) => `/api/risk/alerts/${i.triage}`, allow: READERS },
    { method: 'POST', url: (i) => `/api/risk/alerts/${i.triage}/triage`, body: { note: 'sweep' }, allow: DECIDERS, status: [200, 409] },
    { method: 'POST', url: (i) => `/api/risk/alerts/${i.escalate}/escalate`, body: { to: 'verification' }, allow: DECIDERS, status: [200, 409] },
    { method: 'POST', url: (i) => `/api/risk/alerts/${i.dismiss}/dismiss`, body: { reason: 'sweep' }, allow: DECIDERS, status: [200, 409] },
    { method: 'GET', url: '/api/risk/labels', allow: READERS },
    { method: 'GET', url: '/api/risk/rules', allow: READERS },
    { method: 'POST', url: '/api/risk/targeting', body: { list: 'shipments', size: 3 }, allow: DECIDERS, status: 201 },
    { method: 'GET', url: '/api/risk/targeting?list=shipments', allow: READERS },
    { method: 'GET', url: '/api/risk/parties?q=Sweep', allow: READERS },
    { method: 'GET', url: (i) => `/api/risk/parties/${i.party}`, allow: READERS },
  ],
};
