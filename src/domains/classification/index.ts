import type { DomainModule } from '../module.js';

export const classificationModule: DomainModule = {
  name: 'classification',
};
