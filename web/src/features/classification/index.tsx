import type { FeatureModule } from '../types';

export const classificationFeature: FeatureModule = { routes: [], nav: [] };
