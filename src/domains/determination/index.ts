import type { DomainModule } from '../module.js';

export const determinationModule: DomainModule = {
  name: 'determination',
};
