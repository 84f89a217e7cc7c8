import type { DomainModule } from '../module.js';
import { verificationMigrations } from './verification.migrations.js';
import { verificationRoutes } from './verification.routes.js';
import { PROPOSE_JOB, proposeChecks } from './proposals.service.js';
import { DEADLINES_JOB, runDeadlines } from './deadlines.service.js';

export const verificationModule: DomainModule = {
  name: 'verification',
  migrations: verificationMigrations,
  routes: verificationRoutes,
  jobs: [
    { type: PROPOSE_JOB, handler: async (jc) => proposeChecks(jc.ctx), leaseSeconds: 600 },
    { type: DEADLINES_JOB, handler: async (jc) => runDeadlines(jc.ctx) },
  ],
  schedules: [
    { name: PROPOSE_JOB, jobType: PROPOSE_JOB, cron: '30 2 * * *' },
    { name: DEADLINES_JOB, jobType: DEADLINES_JOB, cron: '0 7 * * *' },
  ],
};
