import type { DomainModule } from '../module.js';
import { identityRoutes } from './identity.routes.js';
import { registerIdentityCli } from './identity.cli.js';

export const identityModule: DomainModule = {
  name: 'identity',
  routes: identityRoutes,
  cli: registerIdentityCli,
};
