import type { DomainModule } from '../module.js';

export const controlsModule: DomainModule = {
  name: 'controls',
};
