import type { FeatureModule } from '../types';
import { ApplicationPage, ApplicationsPage, ProductsPage } from './ExporterPages';
import { StartApplicationPage, TaskListPage } from './apply/TaskListPage';
import { SectionPage } from './apply/SectionPage';
import { CheckAnswersPage } from './apply/CheckAnswersPage';
import { CasePage, CasesPage, DenialsPage } from './OfficerPages';
import { LicencePage, LicencesPage } from './LicencePages';
import { WorkspacePage } from './CaseWork';
import { VerifyLicencePage } from './VerifyLicencePage';

export const licensingFeature: FeatureModule = {
  routes: [
    { path: 'applications', element: <ApplicationsPage /> },
    { path: 'products', element: <ProductsPage /> },
    { path: 'applications/new', element: <StartApplicationPage /> },
    { path: 'applications/:id', element: <ApplicationPage /> },
    { path: 'applications/:id/apply', element: <TaskListPage /> },
    { path: 'applications/:id/apply/:section', element: <SectionPage /> },
    { path: 'applications/:id/check', element: <CheckAnswersPage /> },
    { path: 'workspace', element: <WorkspacePage /> },
    { path: 'cases', element: <CasesPage /> },
    { path: 'cases/:id', element: <CasePage /> },
    { path: 'licences', element: <LicencesPage /> },
    { path: 'licences/:id', element: <LicencePage /> },
    { path: 'denials', element: <DenialsPage /> },
    { path: 'verify-licence', element: <VerifyLicencePage /> },
  ],
  nav: [
    { to: '/applications', label: 'My applications', roles: ['exporter', 'exporter_admin'], section: 'Industry' },
    { to: '/products', label: 'Product catalogue', roles: ['exporter', 'exporter_admin'], section: 'Industry' },
    { to: '/licences', label: 'Licences', roles: ['exporter', 'exporter_admin', 'admin', 'licensing_officer', 'senior_officer', 'oversight', 'customs_officer', 'enforcement_officer'], section: 'Work' },
    { to: '/workspace', label: 'My work', roles: ['admin', 'licensing_officer', 'senior_officer', 'oversight', 'adviser'], section: 'Work' },
    { to: '/cases', label: 'Case queues', roles: ['admin', 'licensing_officer', 'senior_officer', 'oversight', 'adviser'], section: 'Work' },
    { to: '/denials', label: 'Denials register', roles: ['admin', 'licensing_officer', 'senior_officer', 'oversight'], section: 'Work' },
    { to: '/verify-licence', label: 'Check a licence', roles: 'public', section: 'Public' },
  ],
};
