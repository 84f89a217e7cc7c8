import type { SweepSuite } from './types.js';

/** Every determination endpoint, with who may call it. */
export const determinationSweep: SweepSuite = {
  domain: 'determination',
  cases: [],
};
