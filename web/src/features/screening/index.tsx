import type { FeatureModule } from '../types';
import { SearchPage } from './SearchPage';
import { PartiesPage, ReviewPage } from './ReviewPage';
import { ListsPage, VersionPage } from './ListsPage';
import { PartyPage } from './PartyPage';
import { ProfilePage } from './ProfilePage';

const READERS = ['admin', 'licensing_officer', 'senior_officer', 'oversight', 'exporter_admin', 'exporter'] as const;

export const screeningFeature: FeatureModule = {
  routes: [
    { path: 'screening', element: <SearchPage /> },
    { path: 'screening/search', element: <SearchPage /> },
    { path: 'screening/review', element: <ReviewPage /> },
    { path: 'screening/parties', element: <PartiesPage /> },
    { path: 'screening/parties/:id', element: <PartyPage /> },
    { path: 'screening/lists', element: <ListsPage /> },
    { path: 'screening/lists/:id', element: <VersionPage /> },
    { path: 'screening/profiles/:id', element: <ProfilePage /> },
  ],
  nav: [
    { to: '/screening/search', label: 'Screen a party', roles: 'all', section: 'Industry' },
    { to: '/screening/parties', label: 'Counterparties', roles: [...READERS], section: 'Industry' },
    { to: '/screening/review', label: 'Screening review', roles: [...READERS], section: 'Work' },
    { to: '/screening/lists', label: 'Sanctions lists', roles: 'all', section: 'Work' },
  ],
};
