import type { FeatureModule } from '../types';

export const transparencyFeature: FeatureModule = { routes: [], nav: [] };
