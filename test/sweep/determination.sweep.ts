import type { SweepSuite } from './types.js';
import { seedPacks } from '../../src/domains/determination/determination.service.js';

const body = { policy: 'eu', exporter: { establishedIn: 'DE' }, destination: 'JP', endUse: 'civil', items: [{ code: '1A002', value: 100 }] };
const READERS = ['admin', 'licensing_officer', 'senior_officer', 'oversight'] as const;
const DRAFTERS = ['admin', 'licensing_officer', 'senior_officer'] as const;

/** Every determination endpoint, with who may call it. */
export const determinationSweep: SweepSuite = {
  domain: 'determination',
  setup: async ({ t, users }) => {
    await seedPacks(t.deps, ['eu']);
    const det = (await t.as(users.exporter).post('/api/determinations', body)).json();
    const draft = (await t.as(users.licensing_officer).post('/api/determination/drafts', { policy: 'eu', changes: [{ op: 'add_section_i_code', code: '1A002' }] })).json();
    const replay = (await t.as(users.licensing_officer).post(`/api/determination/drafts/${draft.id}/replay`)).json();
    return { determination: det.id, draft: draft.id, replay: replay.id };
  },
  cases: [
    { method: 'POST', url: '/api/determinations', body, allow: 'all' },
    { method: 'GET', url: '/api/determinations', allow: 'all' },
    {
      method: 'GET',
      url: (ids) => `/api/determinations/${ids.determination}`,
      allow: 'all',
      // Another organisation's determination does not exist for the caller (authority readers see all).
      hidden: ['exporter_b', 'exporter_admin_b', 'adviser', 'customs_officer', 'enforcement_officer', 'adviser_other_team'],
    },
    { method: 'GET', url: '/api/determination/options', allow: 'all' },
    { method: 'GET', url: '/api/determination/packs', allow: 'all' },
    { method: 'GET', url: '/api/determination/packs/eu', allow: 'all' },
    { method: 'GET', url: '/api/determination/drafts', allow: [...READERS] },
    { method: 'POST', url: '/api/determination/drafts', body: { policy: 'eu', changes: [{ op: 'add_embargo_destination', embargo: 'eu-arms', destination: 'PH' }] }, allow: [...DRAFTERS] },
    { method: 'GET', url: (ids) => `/api/determination/drafts/${ids.draft}`, allow: [...READERS] },
    { method: 'POST', url: (ids) => `/api/determination/drafts/${ids.draft}/replay`, allow: [...DRAFTERS] },
    { method: 'GET', url: (ids) => `/api/determination/replays/${ids.replay}`, allow: [...READERS] },
    { method: 'POST', url: (ids) => `/api/determination/drafts/${ids.draft}/adopt`, body: { effectiveFrom: '2099-01-01' }, allow: ['admin', 'senior_officer'] },
  ],
};
