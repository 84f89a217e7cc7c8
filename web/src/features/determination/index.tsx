import type { FeatureModule } from '../types';
import { DeterminePage } from './DeterminePage';
import { DeterminationDetailPage, HistoryPage } from './HistoryPages';
import { WhatIfPage } from './WhatIfPage';

export const determinationFeature: FeatureModule = {
  routes: [
    { path: 'determine', element: <DeterminePage /> },
    { path: 'determinations', element: <HistoryPage /> },
    { path: 'determinations/:id', element: <DeterminationDetailPage /> },
    { path: 'determination/what-if', element: <WhatIfPage /> },
  ],
  nav: [
    { to: '/determine', label: 'Do I need a licence?', roles: 'all', section: 'Industry' },
    { to: '/determinations', label: 'Determinations', roles: 'all', section: 'Work' },
    { to: '/determination/what-if', label: 'Rule changes (what-if)', roles: ['admin', 'licensing_officer', 'senior_officer', 'oversight'], section: 'Work' },
  ],
};
