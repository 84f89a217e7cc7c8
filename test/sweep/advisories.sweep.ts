import type { Role } from '../../src/platform/auth/roles.js';
import type { Ids, SweepFixtures, SweepSuite } from './types.js';

const INDUSTRY: Role[] = ['exporter', 'exporter_admin'];
const OFFICERS: Role[] = ['licensing_officer', 'senior_officer'];
const READERS: Role[] = [...INDUSTRY, ...OFFICERS, 'admin', 'oversight'];
const body = { endUser: { name: 'Sweep End User Ltd', country: 'CN' }, items: 'Sweep items', endUse: 'Sweep end use' };

/** Exporter A's advisory, to read and answer. */
async function setup({ t, users }: SweepFixtures): Promise<Ids> {
  const r = await t.as(users.exporter).post('/api/advisories', body);
  if (r.statusCode !== 201) throw new Error(r.body);
  return { advisory: r.json().id };
}

/** Every end-user advisory endpoint, with who may call it. */
export const advisoriesSweep: SweepSuite = {
  domain: 'advisories',
  setup,
  strictStatus: true,
  cases: [
    { method: 'POST', url: '/api/advisories', body, allow: INDUSTRY, status: 201 },
    { method: 'GET', url: '/api/advisories', allow: READERS, status: 200 },
    { method: 'GET', url: (i) => `/api/advisories/${i.advisory}`, allow: READERS, hidden: ['exporter_b', 'exporter_admin_b'], status: 200 },
    { method: 'POST', url: (i) => `/api/advisories/${i.advisory}/answer`, body: { answer: 'no_concern', reasonCode: 'no_known_concern', reason: 'Nothing known to us' }, allow: OFFICERS, status: [200, 409] },
  ],
};
