import type { FeatureModule } from '../types';
import { BrowsePage, DiffPage, EntryPage, ReviewsPage } from './pages';

export const controlsFeature: FeatureModule = {
  routes: [
    { path: 'controls', element: <BrowsePage /> },
    { path: 'controls/diff', element: <DiffPage /> },
    { path: 'controls/reviews', element: <ReviewsPage /> },
    { path: 'controls/:list/:code', element: <EntryPage /> },
  ],
  nav: [
    { to: '/controls', label: 'Control lists', roles: 'public', section: 'Public' },
    { to: '/controls/diff', label: 'Control list changes', roles: 'public', section: 'Public' },
    { to: '/controls/reviews', label: 'Control reviews & amendments', roles: ['licensing_officer', 'senior_officer', 'admin', 'oversight'], section: 'Work' },
  ],
};
