import type { FeatureModule } from '../types';
import { NewRequestPage, RequestDetailPage, RequestListPage } from './RequestPages';
import { PrecedentSearchPage, PublicRulingsPage } from './SearchPages';
import { FILERS, OFFICERS } from './types';

export const classificationFeature: FeatureModule = {
  routes: [
    { path: 'classification/requests', element: <RequestListPage /> },
    { path: 'classification/queue', element: <RequestListPage queue /> },
    { path: 'classification/requests/new', element: <NewRequestPage /> },
    { path: 'classification/requests/:id', element: <RequestDetailPage /> },
    { path: 'classification/precedents', element: <PrecedentSearchPage /> },
    { path: 'classification/rulings', element: <PublicRulingsPage /> },
  ],
  nav: [
    { to: '/classification/rulings', label: 'Published rulings', roles: 'public', section: 'Public' },
    { to: '/classification/requests', label: 'Classification requests', roles: [...FILERS], section: 'Industry' },
    { to: '/classification/queue', label: 'Classification queue', roles: [...OFFICERS, 'admin', 'oversight'], section: 'Work' },
    { to: '/classification/requests', label: 'Classification rulings', roles: ['adviser', 'customs_officer', 'enforcement_officer'], section: 'Work' },
    { to: '/classification/precedents', label: 'Precedent search', roles: 'all', section: 'Work' },
  ],
};
