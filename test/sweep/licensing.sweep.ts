import type { SweepSuite } from './types.js';

/** Every licensing endpoint, with who may call it. */
export const licensingSweep: SweepSuite = {
  domain: 'licensing',
  cases: [],
};
