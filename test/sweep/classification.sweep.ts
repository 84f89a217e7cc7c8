import type { SweepSuite } from './types.js';

/** Every classification endpoint, with who may call it. */
export const classificationSweep: SweepSuite = {
  domain: 'classification',
  cases: [],
};
