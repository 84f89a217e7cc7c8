import type { DomainModule } from '../module.js';
import { enforcementMigrations } from './enforcement.migrations.js';
import { enforcementRoutes } from './enforcement.routes.js';

export const enforcementModule: DomainModule = {
  name: 'enforcement',
  migrations: enforcementMigrations,
  routes: enforcementRoutes,
};
