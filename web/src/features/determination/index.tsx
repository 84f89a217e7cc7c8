import type { FeatureModule } from '../types';

export const determinationFeature: FeatureModule = { routes: [], nav: [] };
