import type { SweepSuite } from './types.js';
import { platformSweep } from './platform.sweep.js';
import { controlsSweep } from './controls.sweep.js';
import { classificationSweep } from './classification.sweep.js';
import { screeningSweep } from './screening.sweep.js';
import { determinationSweep } from './determination.sweep.js';
import { licensingSweep } from './licensing.sweep.js';
import { transparencySweep } from './transparency.sweep.js';
import { customsSweep } from './customs.sweep.js';
import { verificationSweep } from './verification.sweep.js';
import { enforcementSweep } from './enforcement.sweep.js';
import { riskSweep } from './risk.sweep.js';
import { exchangeSweep } from './exchange.sweep.js';
import { advisoriesSweep } from './advisories.sweep.js';

export const suites: SweepSuite[] = [platformSweep, controlsSweep, classificationSweep, screeningSweep, determinationSweep, licensingSweep, transparencySweep, customsSweep, verificationSweep, enforcementSweep, riskSweep, exchangeSweep, advisoriesSweep];
