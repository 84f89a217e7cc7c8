import type { SweepSuite } from './types.js';

/** Every transparency endpoint, with who may call it. */
export const transparencySweep: SweepSuite = {
  domain: 'transparency',
  cases: [],
};
