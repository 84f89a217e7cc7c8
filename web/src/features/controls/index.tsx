import type { FeatureModule } from '../types';

export const controlsFeature: FeatureModule = { routes: [], nav: [] };
