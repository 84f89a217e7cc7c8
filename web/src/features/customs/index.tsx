import type { FeatureModule } from '../types';
import { HoldsPage, LicenceLookupPage } from './OfficerPages';
import { DeclarationPage, DeclarationsPage } from './ExporterPages';

export const customsFeature: FeatureModule = {
  routes: [
    { path: 'customs/holds', element: <HoldsPage /> },
    { path: 'customs/licences', element: <LicenceLookupPage /> },
    { path: 'customs/declarations', element: <DeclarationsPage /> },
    { path: 'customs/declarations/:id', element: <DeclarationPage /> },
  ],
  nav: [
    { to: '/customs/holds', label: 'Customs holds', roles: ['customs_officer', 'enforcement_officer', 'oversight', 'admin'], section: 'Work' },
    { to: '/customs/licences', label: 'Licence lookup', roles: ['customs_officer', 'enforcement_officer', 'oversight', 'admin', 'licensing_officer', 'senior_officer'], section: 'Work' },
    { to: '/customs/declarations', label: 'Customs declarations', roles: ['exporter', 'exporter_admin', 'customs_officer', 'enforcement_officer', 'oversight', 'admin'], section: 'Work' },
    { to: '/customs/licences', label: 'Licence balances', roles: ['exporter', 'exporter_admin'], section: 'Industry' },
  ],
};
