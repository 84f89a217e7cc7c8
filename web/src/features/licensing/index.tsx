import type { FeatureModule } from '../types';

export const licensingFeature: FeatureModule = { routes: [], nav: [] };
