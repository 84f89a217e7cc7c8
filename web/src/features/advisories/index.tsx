import type { FeatureModule } from '../types';
import { AdvisoriesPage, AdvisoryPage } from './AdvisoryPages';

export const advisoriesFeature: FeatureModule = {
  routes: [
    { path: 'advisories', element: <AdvisoriesPage /> },
    { path: 'advisories/:id', element: <AdvisoryPage /> },
  ],
  nav: [
    { to: '/advisories', label: 'End-user advisories', roles: ['exporter', 'exporter_admin'], section: 'Industry' },
    { to: '/advisories', label: 'End-user advisories', roles: ['licensing_officer', 'senior_officer', 'admin', 'oversight'], section: 'Work' },
  ],
};
