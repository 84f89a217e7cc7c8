import type { SweepSuite } from './types.js';
import { ROLES } from '../../src/platform/auth/roles.js';

export const platformSweep: SweepSuite = {
  domain: 'platform',
  setup: async ({ users }) => ({ exporterA: users.exporter.organisationId }),
  cases: [
    { method: 'GET', url: '/api/health', public: true, allow: 'all' },
    { method: 'GET', url: '/api/ready', public: true, allow: 'all' },
    { method: 'GET', url: '/api/me', allow: 'all' },
    { method: 'GET', url: '/api/tokens', allow: 'all' },
    { method: 'POST', url: '/api/tokens', body: { name: 'sweep' }, allow: 'all' },
    { method: 'GET', url: '/api/organisations', allow: ['admin', 'oversight', 'licensing_officer', 'senior_officer', 'enforcement_officer', 'customs_officer'] },
    { method: 'POST', url: '/api/organisations', body: { name: 'Sweep Org', kind: 'exporter' }, allow: ['admin'] },
    { method: 'GET', url: '/api/users', allow: ['admin', 'oversight', 'exporter_admin'] },
    {
      method: 'POST',
      url: '/api/users',
      body: (ids: Record<string, string>) => ({ email: `sweep-${Math.random().toString(36).slice(2)}@x.example`, role: 'exporter', organisationId: ids.exporterA, password: 'a-long-enough-password' }),
      allow: ['admin', 'exporter_admin'],
      forbiddenFor: ['exporter_admin_b'],
    },
    { method: 'GET', url: '/api/audit/events', allow: ['admin', 'oversight'] },
    { method: 'GET', url: '/api/audit/verify', allow: ['admin', 'oversight'] },
    { method: 'GET', url: '/api/jobs', allow: ['admin', 'oversight'] },
    { method: 'GET', url: '/api/notifications', allow: 'all' },
    { method: 'POST', url: '/api/notifications/00000000-0000-0000-0000-000000000000/read', allow: [], denied: 404 },
  ],
};
export { ROLES };
