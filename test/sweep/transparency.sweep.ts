import type { SweepSuite } from './types.js';
import { withTx } from '../../src/platform/db/index.js';
import { insertCaseFacts } from '../../src/domains/transparency/facts.js';

const READERS = ['admin', 'licensing_officer', 'senior_officer', 'oversight'] as const;
const EDITORS = ['admin', 'licensing_officer', 'senior_officer'] as const;

/** Every transparency endpoint, with who may call it. Oversight may only record observations; every other mutation is 403 for it. */
export const transparencySweep: SweepSuite = {
  domain: 'transparency',
  setup: async ({ t, users }) => {
    await withTx(t.deps.db, (tx) =>
      insertCaseFacts(tx, [
        { caseId: 'sweep-case-1', reference: 'SWEEP/2024/1', caseType: 'siel', receivedAt: '2024-02-01', decidedAt: '2024-02-20', outcome: 'approved', destination: 'FR', goods: [{ rating: 'ML10' }], targetDays: 20 },
      ]),
    );
    const page = await t.as(users.admin).post('/api/guidance', { slug: 'sweep-page', title: 'Sweep page', markdown: '# Sweep' });
    if (page.statusCode !== 201) throw new Error(`sweep setup: ${page.body}`);
    const pub = await t.as(users.admin).post('/api/stats/reports/2024/publish');
    if (pub.statusCode !== 201) throw new Error(`sweep setup: ${pub.body}`);
    return { caseId: 'sweep-case-1' };
  },
  cases: [
    { method: 'GET', url: '/api/public/reports', public: true, allow: 'all' },
    { method: 'GET', url: '/api/public/reports/schema.json', public: true, allow: 'all' },
    { method: 'GET', url: '/api/public/reports/2024', public: true, allow: 'all' },
    { method: 'GET', url: '/api/public/reports/2024.csv', public: true, allow: 'all' },
    { method: 'GET', url: '/api/public/indicators', public: true, allow: 'all' },
    { method: 'GET', url: '/api/public/guidance', public: true, allow: 'all' },
    { method: 'GET', url: '/api/public/guidance/sweep-page', public: true, allow: 'all' },

    { method: 'GET', url: '/api/stats/reports', allow: [...READERS] },
    { method: 'GET', url: '/api/stats/reports/2024', allow: [...READERS] },
    { method: 'GET', url: '/api/stats/reports/2024/cases?destination=FR', allow: [...READERS] },
    { method: 'GET', url: '/api/stats/indicators', allow: [...READERS] },
    { method: 'POST', url: '/api/stats/reports/2024/publish', allow: ['admin', 'senior_officer'] },

    { method: 'GET', url: '/api/guidance', allow: [...READERS] },
    { method: 'GET', url: '/api/guidance/sweep-page/versions', allow: [...READERS] },
    { method: 'POST', url: '/api/guidance', body: { slug: 'sweep-new', title: 'New', markdown: 'Text' }, allow: [...EDITORS] },
    { method: 'PUT', url: '/api/guidance/sweep-page', body: { title: 'Sweep page', markdown: '# Sweep v2' }, allow: [...EDITORS] },
    { method: 'POST', url: '/api/guidance/sweep-page/publish', body: { version: 1 }, allow: [...EDITORS] },

    { method: 'POST', url: '/api/oversight/observations', body: (ids: Record<string, string>) => ({ caseId: ids.caseId, text: 'Sweep observation' }), allow: ['oversight'] },
    { method: 'GET', url: '/api/oversight/observations', allow: ['admin', 'senior_officer', 'oversight'] },
  ],
};
