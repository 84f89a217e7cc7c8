import type { DomainModule } from '../module.js';
import { controlsMigrations } from './controls.migrations.js';
import { seedControls } from './controls.import.js';
import { controlsRoutes } from './controls.routes.js';
import { flagReviewsDue, lapseSunsetEntries } from './controls.service.js';
import { registerControlsCli } from './controls.cli.js';

export const controlsModule: DomainModule = {
  name: 'controls',
  migrations: controlsMigrations,
  routes: controlsRoutes,
  seedOrder: 10,
  seed: async (deps) => {
    await seedControls(deps);
  },
  jobs: [
    { type: 'controls.lapse-sunsets', handler: async (jc) => lapseSunsetEntries(jc.ctx) },
    { type: 'controls.reviews-due', handler: async (jc) => flagReviewsDue(jc.ctx) },
  ],
  schedules: [
    { name: 'controls.lapse-sunsets', jobType: 'controls.lapse-sunsets', cron: '5 0 * * *' },
    { name: 'controls.reviews-due', jobType: 'controls.reviews-due', cron: '15 0 * * *' },
  ],
  cli: registerControlsCli,
};
