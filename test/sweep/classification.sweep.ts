import type { SweepSuite } from './types.js';
import type { Role } from '../../src/platform/auth/roles.js';

const FILERS: Role[] = ['exporter', 'exporter_admin'];
const FULL_READERS: Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight'];
const OTHER_ORG = ['exporter_b', 'exporter_admin_b'] as const;

const product = (name: string) => ({
  productName: name,
  description: 'Outdoor radio transceiver with AES-256 encryption.',
  manufacturer: 'Sweep Radio',
  partNumber: 'SW-1',
  parameters: [{ name: 'frequency', value: '5.8', unit: 'GHz' }],
});

function multipart(data: Buffer) {
  const boundary = '----sweep';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ds.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  return { payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Every classification endpoint, with who may call it. */
export const classificationSweep: SweepSuite = {
  domain: 'classification',
  strictStatus: true,
  setup: async ({ t, users }) => {
    const file = async (name: string) => {
      const r = await t.as(users.exporter).post('/api/classification/requests', product(name));
      if (r.statusCode !== 201) throw new Error(`sweep setup: ${r.body}`);
      return r.json().id as string;
    };
    const pending = await file('Sweep pending');
    const toRule = await file('Sweep to rule');
    const ruled = await file('Sweep ruled');
    const up = await t.as(users.exporter).inject({ method: 'POST', url: `/api/classification/requests/${ruled}/datasheet`, ...multipart(Buffer.from('%PDF-1.4\n%%EOF\n')) });
    if (up.statusCode !== 201) throw new Error(`sweep setup: ${up.body}`);
    const rule = await t.as(users.licensing_officer).post(`/api/classification/requests/${ruled}/ruling`, { notListed: true, rationale: 'Below every control threshold.' });
    if (rule.statusCode !== 200) throw new Error(`sweep setup: ${rule.body}`);
    return { pending, toRule, ruled };
  },
  cases: [
    { method: 'POST', url: '/api/classification/requests', body: product('Sweep filed'), allow: FILERS },
    { method: 'GET', url: '/api/classification/requests', allow: 'all', partner: 403 },
    // A pending request: its organisation and the full readers; advisers, customs and enforcement see rulings only.
    {
      method: 'GET',
      url: (ids) => `/api/classification/requests/${ids.pending}`,
      allow: [...FULL_READERS, ...FILERS],
      hidden: [...OTHER_ORG, 'adviser', 'adviser_other_team', 'customs_officer', 'enforcement_officer'],
    },
    { method: 'GET', url: (ids) => `/api/classification/requests/${ids.ruled}`, allow: 'all', hidden: [...OTHER_ORG], partner: 403 },
    // JSON instead of multipart: allowed callers get 415, never 401/403.
    { method: 'POST', url: (ids) => `/api/classification/requests/${ids.pending}/datasheet`, body: {}, allow: FILERS, hidden: [...OTHER_ORG], status: 415 },
    { method: 'GET', url: (ids) => `/api/classification/requests/${ids.ruled}/datasheet`, allow: 'all', hidden: [...OTHER_ORG], partner: 403 },
    {
      method: 'POST',
      url: (ids) => `/api/classification/requests/${ids.toRule}/ruling`,
      body: { notListed: true, rationale: 'Sweep ruling: not listed.' },
      allow: ['licensing_officer', 'senior_officer'],
      // The first officer rules, the second finds it ruled.
      status: [200, 409],
    },
    { method: 'GET', url: '/api/classification/precedents?q=radio%20encryption&param=frequency:5800:MHz', allow: 'all' },
    {
      method: 'POST',
      url: (ids) => `/api/classification/requests/${ids.ruled}/publication/preview`,
      body: { publicSummary: 'A sweep ruling summary that is long enough.', parameters: ['frequency'] },
      allow: ['licensing_officer', 'senior_officer'],
    },
    // Publishing succeeds once (201), then 409 for the next officer: both are past the access check.
    {
      method: 'POST',
      url: (ids) => `/api/classification/requests/${ids.ruled}/publication`,
      body: { publicSummary: 'A sweep ruling summary that is long enough.', parameters: ['frequency'] },
      allow: ['licensing_officer', 'senior_officer'],
      status: [201, 409],
    },
    { method: 'GET', url: '/api/public/rulings?q=radio', public: true, allow: 'all' },
  ],
};
