import type { FeatureModule } from '../types';
import { CaseConsultationPage, ExchangePage } from './ExchangePage';
import { PeersPage } from './PeersPage';

export const exchangeFeature: FeatureModule = {
  routes: [
    { path: 'exchange', element: <ExchangePage /> },
    { path: 'exchange/peers', element: <PeersPage /> },
    { path: 'exchange/cases/:id', element: <CaseConsultationPage /> },
  ],
  nav: [
    { to: '/exchange', label: 'Other authorities', roles: ['licensing_officer', 'senior_officer', 'oversight', 'admin'], section: 'Work' },
    { to: '/exchange/peers', label: 'Peer authorities', roles: ['admin'], section: 'Admin' },
  ],
};
