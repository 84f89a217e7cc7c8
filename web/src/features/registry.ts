import type { FeatureModule } from './types';
import { platformFeature } from './platform';
import { controlsFeature } from './controls';
import { classificationFeature } from './classification';
import { screeningFeature } from './screening';
import { determinationFeature } from './determination';
import { licensingFeature } from './licensing';
import { transparencyFeature } from './transparency';
import { customsFeature } from './customs';
import { verificationFeature } from './verification';
import { exchangeFeature } from './exchange';
import { advisoriesFeature } from './advisories';
import { riskFeature } from './risk';
import { enforcementFeature } from './enforcement';

export const features: FeatureModule[] = [
  platformFeature,
  controlsFeature,
  classificationFeature,
  screeningFeature,
  determinationFeature,
  licensingFeature,
  transparencyFeature,
  customsFeature,
  verificationFeature,
  exchangeFeature,
  advisoriesFeature,
  riskFeature,
  enforcementFeature,
];
