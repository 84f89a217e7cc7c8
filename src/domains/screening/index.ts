import type { DomainModule } from '../module.js';

export const screeningModule: DomainModule = {
  name: 'screening',
};
