import type { SweepSuite } from './types.js';

/** Every controls endpoint, with who may call it. */
export const controlsSweep: SweepSuite = {
  domain: 'controls',
  cases: [],
};
