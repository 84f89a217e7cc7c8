import type { DomainModule } from '../module.js';

export const transparencyModule: DomainModule = {
  name: 'transparency',
};
