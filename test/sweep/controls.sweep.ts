import type { SweepSuite } from './types.js';
import type { Role } from '../../src/platform/auth/roles.js';
import { seedControls } from '../../src/domains/controls/controls.import.js';

const WRITERS: Role[] = ['licensing_officer', 'senior_officer', 'admin'];
const READERS: Role[] = ['licensing_officer', 'senior_officer', 'admin', 'oversight'];
const change = { action: 'modify', code: 'ML1', text: 'Sweep text' };

/** Every controls endpoint, with who may call it. */
export const controlsSweep: SweepSuite = {
  domain: 'controls',
  setup: async ({ t, users }) => {
    await seedControls(t.deps, ['uk']);
    const officer = t.as(users.licensing_officer);
    const mk = async (title: string) => (await officer.post('/api/controls/amendments', { list: 'uk', title, changes: [change] })).json().id as string;
    const consult = await mk('Sweep consultation');
    await officer.post(`/api/controls/amendments/${consult}/consultation`, { closesOn: '2099-12-31' });
    const comment = (await t.as(null).post(`/api/controls/consultations/${consult}/comments`, { body: 'Sweep comment', email: 'sweep@example.org' })).json().id as string;
    return { consult, comment, draft: await mk('Sweep draft'), draft2: await mk('Sweep draft 2'), withdraw: await mk('Sweep withdraw') };
  },
  cases: [
    { method: 'GET', url: '/api/controls/entries?list=uk', public: true, allow: 'all' },
    { method: 'GET', url: '/api/controls/entries/ML1?list=uk', public: true, allow: 'all' },
    { method: 'GET', url: '/api/controls/search?q=small%20arms&limit=5', public: true, allow: 'all' },
    { method: 'GET', url: '/api/controls/releases', public: true, allow: 'all' },
    { method: 'GET', url: '/api/controls/diff?from=2026-04&to=2026-04', public: true, allow: 'all' },
    { method: 'GET', url: '/api/controls/import-report?list=eu', public: true, allow: 'all' },
    { method: 'GET', url: '/api/controls/export?format=csv', public: true, allow: 'all' },
    { method: 'GET', url: '/api/controls/correspondences?list=uk', public: true, allow: 'all' },
    { method: 'GET', url: '/api/controls/hs/930100', public: true, allow: 'all' },
    { method: 'GET', url: '/api/controls/consultations', public: true, allow: 'all' },
    { method: 'GET', url: (ids) => `/api/controls/consultations/${ids.consult}`, public: true, allow: 'all' },
    { method: 'POST', url: (ids) => `/api/controls/consultations/${ids.consult}/comments`, body: { body: 'A sweep comment', email: 'anon@example.org' }, public: true, allow: ['exporter', 'exporter_admin'] },
    { method: 'POST', url: '/api/controls/interop/import', body: { kind: 'hs', csv: 'hs6,list,code,note\n930100,uk,ML1,\n' }, allow: WRITERS },
    { method: 'GET', url: '/api/controls/amendments', allow: READERS },
    { method: 'POST', url: '/api/controls/amendments', body: { list: 'uk', title: 'Sweep new', changes: [change] }, allow: WRITERS },
    { method: 'GET', url: (ids) => `/api/controls/amendments/${ids.draft}`, allow: READERS },
    { method: 'PATCH', url: (ids) => `/api/controls/amendments/${ids.draft}`, body: { title: 'Sweep draft renamed' }, allow: WRITERS },
    { method: 'POST', url: (ids) => `/api/controls/amendments/${ids.draft2}/consultation`, body: { closesOn: '2099-12-31' }, allow: WRITERS },
    // Closing early (urgent amendment): the first writer closes it, the others find it closed; before adopt.
    { method: 'POST', url: (ids) => `/api/controls/amendments/${ids.consult}/consultation/close`, body: { reason: 'Sweep: urgent proliferation risk' }, allow: WRITERS, status: [200, 409] },
    { method: 'POST', url: (ids) => `/api/controls/amendments/${ids.consult}/adopt`, body: { effectiveDate: '2100-01-01' }, allow: WRITERS, status: [200, 409] },
    { method: 'POST', url: (ids) => `/api/controls/amendments/${ids.withdraw}/withdraw`, allow: WRITERS },
    { method: 'POST', url: (ids) => `/api/controls/comments/${ids.comment}/moderate`, body: { decision: 'approve' }, allow: WRITERS },
    { method: 'POST', url: '/api/controls/entries/ML1/renew', body: { list: 'uk', sunsetDate: null }, allow: WRITERS },
    { method: 'GET', url: '/api/controls/reviews/due', allow: READERS },
    { method: 'POST', url: '/api/controls/reviews', body: { list: 'uk', code: 'ML2', nextReviewDate: '2099-01-01' }, allow: WRITERS },
  ],
};
