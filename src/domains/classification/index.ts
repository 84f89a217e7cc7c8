import type { DomainModule } from '../module.js';
import { classificationMigrations } from './classification.migrations.js';
import { classificationRoutes } from './classification.routes.js';
import { registerClassificationCli } from './classification.cli.js';

/** Classification requests, officers' rulings, precedent search and published (redacted) rulings. */
export const classificationModule: DomainModule = {
  name: 'classification',
  migrations: classificationMigrations,
  routes: classificationRoutes,
  cli: registerClassificationCli,
};
