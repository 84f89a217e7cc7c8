import type { FeatureModule } from '../types';
import { GuidanceListPage, GuidancePage, StatisticsPage } from './PublicPages';
import { DrillDownPage, GuidanceAdminPage, ObservationsPage, OfficerStatsPage } from './OfficerPages';

export const transparencyFeature: FeatureModule = {
  routes: [
    { path: 'transparency', element: <StatisticsPage /> },
    { path: 'transparency/:id', element: <StatisticsPage /> },
    { path: 'guidance', element: <GuidanceListPage /> },
    { path: 'guidance/:slug', element: <GuidancePage /> },
    { path: 'how-to-apply', element: <GuidancePage slug="how-to-apply" /> },
    { path: 'how-to-appeal', element: <GuidancePage slug="how-to-appeal" /> },
    { path: 'report-a-concern', element: <GuidancePage slug="report-a-concern" /> },
    { path: 'stats', element: <OfficerStatsPage /> },
    { path: 'stats/:id/cases', element: <DrillDownPage /> },
    { path: 'guidance-admin', element: <GuidanceAdminPage /> },
    { path: 'oversight/observations', element: <ObservationsPage /> },
  ],
  nav: [
    { to: '/transparency', label: 'Licensing statistics', roles: 'public', section: 'Public' },
    { to: '/guidance', label: 'Guidance', roles: 'public', section: 'Public' },
    { to: '/how-to-apply', label: 'How to apply', roles: 'public', section: 'Public' },
    { to: '/how-to-appeal', label: 'How to appeal', roles: 'public', section: 'Public' },
    { to: '/report-a-concern', label: 'Report a concern', roles: 'public', section: 'Public' },
    { to: '/stats', label: 'Statistics (full)', roles: ['admin', 'licensing_officer', 'senior_officer', 'oversight'], section: 'Work' },
    { to: '/guidance-admin', label: 'Guidance pages', roles: ['admin', 'licensing_officer', 'senior_officer', 'oversight'], section: 'Work' },
    { to: '/oversight/observations', label: 'Oversight observations', roles: ['admin', 'senior_officer', 'oversight'], section: 'Work' },
  ],
};
