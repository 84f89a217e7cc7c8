import type { FeatureModule } from '../types';
import { AlertsPage } from './AlertsPage';
import { AlertPage } from './AlertPage';
import { TargetingPage } from './TargetingPage';
import { PartiesPage, PartyPage } from './PartiesPage';

const READERS = ['customs_officer', 'enforcement_officer', 'licensing_officer', 'senior_officer', 'admin', 'oversight'] as const;

export const riskFeature: FeatureModule = {
  routes: [
    { path: 'risk/alerts', element: <AlertsPage /> },
    { path: 'risk/alerts/:id', element: <AlertPage /> },
    { path: 'risk/targeting', element: <TargetingPage /> },
    { path: 'risk/parties', element: <PartiesPage /> },
    { path: 'risk/parties/:key', element: <PartyPage /> },
  ],
  nav: [
    { to: '/risk/alerts', label: 'Risk alerts', roles: [...READERS], section: 'Work' },
    { to: '/risk/targeting', label: 'Targeting lists', roles: [...READERS], section: 'Work' },
    { to: '/risk/parties', label: 'Party links', roles: [...READERS], section: 'Work' },
  ],
};
