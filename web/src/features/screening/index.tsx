import type { FeatureModule } from '../types';

export const screeningFeature: FeatureModule = { routes: [], nav: [] };
