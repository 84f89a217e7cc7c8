import type { DomainModule } from '../module.js';
import { determinationMigrations } from './determination.migrations.js';
import { determinationRoutes } from './determination.routes.js';
import { seedPacks } from './determination.service.js';
import { registerDeterminationCli } from './determination.cli.js';

export const determinationModule: DomainModule = {
  name: 'determination',
  migrations: determinationMigrations,
  routes: determinationRoutes,
  seed: (deps) => seedPacks(deps),
  seedOrder: 60,
  cli: registerDeterminationCli,
};
