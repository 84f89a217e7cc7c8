import type { SweepSuite } from './types.js';
import type { Role } from '../../src/platform/auth/roles.js';
import { seedScreening } from '../../src/domains/screening/lists.service.js';

const ALL: Role[] = ['admin', 'licensing_officer', 'senior_officer', 'adviser', 'customs_officer', 'enforcement_officer', 'oversight', 'exporter_admin', 'exporter'];
const PARTY_READERS: Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight', 'exporter_admin', 'exporter'];
const PARTY_WRITERS: Role[] = ['admin', 'licensing_officer', 'senior_officer', 'exporter_admin', 'exporter'];
const HIT_DECIDERS: Role[] = ['licensing_officer', 'senior_officer', 'exporter_admin', 'exporter'];
const OTHER_ORG = ['exporter_b', 'exporter_admin_b'] as const;

/** Every screening endpoint, with who may call it. */
export const screeningSweep: SweepSuite = {
  domain: 'screening',
  setup: async ({ t, users }) => {
    await seedScreening(t.deps, ['bis-dpl']);
    const version = await t.deps.db.selectFrom('screening_list_versions').select('id').where('source', '=', 'bis-dpl').executeTakeFirstOrThrow();
    const entity = await t.deps.db.selectFrom('screening_entities').select(['id', 'name']).where('source', '=', 'bis-dpl').orderBy('id').executeTakeFirstOrThrow();
    const party = (await t.as(users.exporter).post('/api/screening/parties', { name: entity.name })).json();
    const party2 = (await t.as(users.exporter).post('/api/screening/parties', { name: 'Sweep Delete Me Trading' })).json();
    const batch = (await t.as(users.exporter).post('/api/screening/batch', { rows: [{ id: '1', name: entity.name }], async: true })).json();
    return { version: version.id, entity: entity.id, party: party.party.id, party2: party2.party.id, hit: party.hits[0].id, batch: batch.batch.id };
  },
  cases: [
    { method: 'POST', url: '/api/screening/search', body: { name: 'Sweep Test Name' }, allow: ALL },
    { method: 'POST', url: '/api/screening/batch', body: [{ id: '1', name: 'Sweep Test Name' }], allow: ALL },
    // A stored (async) batch is a change: oversight may not create one.
    { method: 'POST', url: '/api/screening/batch', body: { rows: [{ id: '1', name: 'Sweep Test Name' }], async: true }, allow: ALL.filter((r) => r !== 'oversight') },
    { method: 'GET', url: (ids) => `/api/screening/batch/${ids.batch}`, allow: ['exporter', 'admin'], hidden: ['exporter_b'], denied: 404, partner: 403 },
    { method: 'GET', url: (ids) => `/api/screening/batch/${ids.batch}/results`, allow: ['exporter', 'admin'], hidden: ['exporter_b'], denied: 404, partner: 403 },
    { method: 'GET', url: '/api/screening/lists', allow: ALL },
    { method: 'GET', url: (ids) => `/api/screening/lists/versions/${ids.version}`, allow: ALL },
    { method: 'POST', url: '/api/screening/lists/update', body: { source: 'bis-dpl' }, allow: ['admin'] },
    { method: 'GET', url: (ids) => `/api/screening/entities/${encodeURIComponent(ids.entity!)}`, allow: ALL },
    { method: 'GET', url: (ids) => `/api/screening/profiles/${encodeURIComponent(ids.entity!)}`, allow: ALL },
    { method: 'GET', url: '/api/screening/parties', allow: PARTY_READERS },
    { method: 'POST', url: '/api/screening/parties', body: { name: 'Sweep Counterparty Ltd' }, allow: PARTY_WRITERS },
    { method: 'GET', url: (ids) => `/api/screening/parties/${ids.party}`, allow: PARTY_READERS, hidden: [...OTHER_ORG] },
    { method: 'PATCH', url: (ids) => `/api/screening/parties/${ids.party}`, body: { country: 'US' }, allow: PARTY_WRITERS, hidden: [...OTHER_ORG] },
    { method: 'POST', url: (ids) => `/api/screening/parties/${ids.party}/rescreen`, allow: PARTY_WRITERS, hidden: [...OTHER_ORG] },
    { method: 'GET', url: '/api/screening/hits', allow: PARTY_READERS },
    { method: 'GET', url: (ids) => `/api/screening/hits/${ids.hit}`, allow: PARTY_READERS, hidden: [...OTHER_ORG] },
    { method: 'POST', url: (ids) => `/api/screening/hits/${ids.hit}/decision`, body: { decision: 'false_positive', reason: 'sweep check' }, allow: HIT_DECIDERS, hidden: [...OTHER_ORG] },
    { method: 'DELETE', url: (ids) => `/api/screening/parties/${ids.party2}`, allow: PARTY_WRITERS, hidden: [...OTHER_ORG] },
  ],
};
