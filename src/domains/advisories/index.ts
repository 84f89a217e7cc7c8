import type { DomainModule } from '../module.js';
import { EVENTS, subscribe } from '../../platform/events.js';
import { advisoriesMigrations } from './advisories.migrations.js';
import { advisoriesRoutes } from './advisories.routes.js';
import { flagCaseForAdvisories } from './advisories.flags.js';

// Every change of a case (submission included) re-checks its parties against advisories in force.
subscribe(EVENTS.caseChanged, (tx, ctx, e) => flagCaseForAdvisories(tx, ctx, e.subjectId));

export const advisoriesModule: DomainModule = {
  name: 'advisories',
  migrations: advisoriesMigrations,
  routes: advisoriesRoutes,
};
