import type { FeatureModule } from '../types';
import { BrowsePage, DiffPage, EntryPage } from './pages';
import { AmendmentPage, ConsultationPage, ConsultationsPage, ReviewsPage } from './officer';

export const controlsFeature: FeatureModule = {
  routes: [
    { path: 'controls', element: <BrowsePage /> },
    { path: 'controls/diff', element: <DiffPage /> },
    { path: 'controls/reviews', element: <ReviewsPage /> },
    { path: 'controls/amendments/:id', element: <AmendmentPage /> },
    { path: 'controls/consultations', element: <ConsultationsPage /> },
    { path: 'controls/consultations/:id', element: <ConsultationPage /> },
    { path: 'controls/:list/:code', element: <EntryPage /> },
  ],
  nav: [
    { to: '/controls', label: 'Control lists', roles: 'public', section: 'Public' },
    { to: '/controls/diff', label: 'Control list changes', roles: 'public', section: 'Public' },
    { to: '/controls/consultations', label: 'Consultations', roles: 'public', section: 'Public' },
    { to: '/controls/reviews', label: 'Control reviews & amendments', roles: ['licensing_officer', 'senior_officer', 'admin', 'oversight'], section: 'Work' },
  ],
};
