import type { DomainModule } from '../module.js';
import { transparencyMigrations } from './transparency.migrations.js';
import { transparencyRoutes } from './transparency.routes.js';
import { seedTransparency } from './seed.js';
import { transparencyJobs, transparencySchedules } from './transparency.jobs.js';
import { registerTransparencyCli } from './transparency.cli.js';
import { EVENTS, subscribe } from '../../platform/events.js';
import { nowIso } from '../../platform/context.js';
import { refreshCaseFact } from './licensing-facts.js';

// Keep the statistics facts current as licensing changes cases (same transaction as the change).
subscribe(EVENTS.caseChanged, async (tx, ctx, e) => {
  await refreshCaseFact(tx, e.subjectId, nowIso(ctx));
});

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
