import type { DomainModule } from '../module.js';

export const licensingModule: DomainModule = {
  name: 'licensing',
};
