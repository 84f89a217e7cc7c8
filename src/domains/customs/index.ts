import type { DomainModule } from '../module.js';
import { customsMigrations } from './customs.migrations.js';
import { customsRoutes } from './customs.routes.js';
import { BATCH_JOB, runBatchJob } from './batch.service.js';
import { generateReturnsAndRemind } from './gl-returns.service.js';
import { ensureGeneralLicences } from './gl.repository.js';
import { registerCustomsCli } from './customs.cli.js';

export const customsModule: DomainModule = {
  name: 'customs',
  migrations: customsMigrations,
  routes: customsRoutes,
  jobs: [
    { type: BATCH_JOB, handler: runBatchJob, maxAttempts: 3, leaseSeconds: 600 },
    { type: 'customs.gl-returns', handler: async (jc) => generateReturnsAndRemind(jc.ctx) },
  ],
  schedules: [{ name: 'customs.gl-returns', jobType: 'customs.gl-returns', cron: '45 1 * * *' }],
  seed: async (deps) => {
    const n = await ensureGeneralLicences(deps.db, deps.clock.now());
    if (n) deps.log.info({ generalLicences: n }, 'customs: general licences loaded from the bundled UGEA facts');
  },
  seedOrder: 80,
  cli: registerCustomsCli,
};

export { generalLicenceUseByDestination, type GeneralLicenceUseRow } from './stats.js';
