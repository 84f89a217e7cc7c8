import type { DomainModule } from '../module.js';
import { transparencyMigrations } from './transparency.migrations.js';
import { transparencyRoutes } from './transparency.routes.js';
import { seedTransparency } from './seed.js';
import { transparencyJobs, transparencySchedules } from './transparency.jobs.js';
import { registerTransparencyCli } from './transparency.cli.js';

export const transparencyModule: DomainModule = {
  name: 'transparency',
  migrations: transparencyMigrations,
  routes: transparencyRoutes,
  jobs: transparencyJobs,
  schedules: transparencySchedules,
  seed: seedTransparency,
  seedOrder: 90,
  cli: registerTransparencyCli,
};
