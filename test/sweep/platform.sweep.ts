import type { SweepSuite } from './types.js';
import { ROLES } from '../../src/platform/auth/roles.js';
import { enqueueJob, registerSchedules } from '../../src/platform/jobs/jobs.js';
import { createApiToken } from '../../src/domains/identity/identity.service.js';
import { ctxFor } from '../../src/platform/context.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/roles.js';
import { TEST_PASSWORD } from '../helpers/app.js';

const EVERYONE_BUT = (...keep: string[]) =>
  ([...ROLES, 'exporter_b', 'exporter_admin_b', 'adviser_other_team'] as const).filter((k) => !keep.includes(k)) as Array<(typeof ROLES)[number] | 'exporter_b' | 'exporter_admin_b' | 'adviser_other_team'>;

export const platformSweep: SweepSuite = {
  domain: 'platform',
  strictStatus: true,
  setup: async ({ t, users }) => {
    const job = await enqueueJob(t.deps.db, t.clock.now(), 'audit.checkpoint', {}, { createdBy: users.exporter.id });
    await registerSchedules(t.deps.db, t.clock.now(), [{ name: 'sweep.schedule', jobType: 'audit.checkpoint', cron: '0 3 * * *' }]);
    const token = await createApiToken(ctxFor(t.deps, SYSTEM_ACTOR, 'sweep'), 'sweep-revoke', users.exporter.id);
    return { exporterA: users.exporter.organisationId, exporterEmail: users.exporter.email, job: job.id, token: token.id };
  },
  cases: [
    { method: 'GET', url: '/api/health', public: true, allow: 'all', status: 200 },
    { method: 'GET', url: '/api/ready', public: true, allow: 'all', status: 200 },
    // Sign-in is public: whoever calls, the exporter's right credentials sign them in.
    { method: 'POST', url: '/api/auth/login', body: (ids: Record<string, string>) => ({ email: ids.exporterEmail, password: TEST_PASSWORD }), public: true, allow: 'all', status: 200 },
    { method: 'POST', url: '/api/auth/logout', public: true, allow: 'all', status: 204 },
    { method: 'GET', url: '/api/auth/csrf', allow: 'all', status: 200 },
    // A wrong current password: everyone reaches the check, nobody's password changes.
    { method: 'POST', url: '/api/auth/password', body: { currentPassword: 'not-the-password', newPassword: 'violet-kettle-harbour-94' }, allow: 'all', status: 400 },
    { method: 'GET', url: '/api/me', allow: 'all', status: 200 },
    { method: 'GET', url: '/api/tokens', allow: 'all', status: 200 },
    { method: 'POST', url: '/api/tokens', body: { name: 'sweep' }, allow: 'all', status: 201 },
    // Exporter A's token: its owner and admins may revoke it (idempotent); for everyone else it does not exist.
    { method: 'DELETE', url: (ids) => `/api/tokens/${ids.token}`, allow: ['admin', 'exporter'], hidden: ['exporter_b'], denied: 404, status: 204 },
    { method: 'GET', url: '/api/organisations', allow: ['admin', 'oversight', 'licensing_officer', 'senior_officer', 'enforcement_officer', 'customs_officer'], status: 200 },
    { method: 'POST', url: '/api/organisations', body: { name: 'Sweep Org', kind: 'exporter' }, allow: ['admin'], status: 201 },
    { method: 'GET', url: '/api/users', allow: ['admin', 'oversight', 'exporter_admin'], status: 200 },
    {
      method: 'POST',
      url: '/api/users',
      body: (ids: Record<string, string>) => ({ email: `sweep-${Math.random().toString(36).slice(2)}@x.example`, role: 'exporter', organisationId: ids.exporterA, password: 'a-long-enough-password' }),
      allow: ['admin', 'exporter_admin'],
      forbiddenFor: ['exporter_admin_b'],
      status: 201,
    },
    { method: 'GET', url: '/api/audit/events', allow: ['admin', 'oversight'], status: 200 },
    { method: 'GET', url: '/api/audit/verify', allow: ['admin', 'oversight'], status: 200 },
    { method: 'GET', url: '/api/public/audit/checkpoints', public: true, allow: 'all', status: 200 },
    { method: 'GET', url: '/api/jobs', allow: ['admin', 'oversight'], status: 200 },
    // A job Exporter A's user created: its creator, admins and oversight see it; for everyone else it does not exist.
    { method: 'GET', url: (ids) => `/api/jobs/${ids.job}`, allow: ['admin', 'oversight', 'exporter'], hidden: EVERYONE_BUT('admin', 'oversight', 'exporter'), denied: 404, status: 200 },
    { method: 'POST', url: (ids) => `/api/jobs/${ids.job}/retry`, allow: ['admin'], status: 200 },
    { method: 'POST', url: '/api/jobs/schedules/sweep.schedule/run', allow: ['admin'], status: 202 },
    { method: 'GET', url: '/api/notifications', allow: 'all', status: 200 },
    { method: 'POST', url: '/api/notifications/00000000-0000-0000-0000-000000000000/read', allow: [], denied: 404 },
  ],
};
export { ROLES };
