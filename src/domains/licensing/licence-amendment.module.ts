import type { DomainModule } from '../module.js';
import { licenceAmendmentMigrations } from './licence-amendment.migrations.js';
import { licenceAmendmentRoutes } from './licence-amendment.routes.js';

/** Licence amendments (issue 16): kept beside licensing's module so licensing's own files stay untouched. */
export const licenceAmendmentModule: DomainModule = {
  name: 'licence-amendments',
  migrations: licenceAmendmentMigrations,
  routes: licenceAmendmentRoutes,
};
