import type { SweepSuite } from './types.js';

/** Every screening endpoint, with who may call it. */
export const screeningSweep: SweepSuite = {
  domain: 'screening',
  cases: [],
};
