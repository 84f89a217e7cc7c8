import type { DomainModule } from '../module.js';
import { licensingMigrations } from './licensing.migrations.js';
import { licensingRoutes } from './licensing.routes.js';
import { flagOverdueCases } from './cases.service.js';
import { expireLicences } from './licences.service.js';
import { registerLicensingCli } from './licensing.cli.js';

export const licensingModule: DomainModule = {
  name: 'licensing',
  migrations: licensingMigrations,
  routes: licensingRoutes,
  jobs: [
    { type: 'licensing.flag-overdue', handler: async (jc) => ({ flagged: await flagOverdueCases(jc.ctx) }) },
    { type: 'licensing.expire-licences', handler: async (jc) => ({ expired: await expireLicences(jc.ctx) }) },
  ],
  schedules: [
    { name: 'licensing.flag-overdue', jobType: 'licensing.flag-overdue', cron: '15 0 * * *' },
    { name: 'licensing.expire-licences', jobType: 'licensing.expire-licences', cron: '30 0 * * *' },
  ],
  cli: registerLicensingCli,
};

export { listFinalisedCases } from './licensing.repository.js';
