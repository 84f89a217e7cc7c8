import type { FeatureModule } from '../types';
import { CheckReportPage, EnforcementSummariesPage, ReportConcernPage } from './PublicPages';
import { ConcernPage, ConcernsPage } from './ConcernPages';
import { InvestigationPage, InvestigationsPage } from './InvestigationPages';
import { PenaltyPage } from './PenaltyPage';
import { AuditPage, AuditsPage } from './AuditPages';
import { ProceedingPage, ProceedingsPage } from './ProceedingPages';

const READERS = ['enforcement_officer', 'oversight', 'admin'] as const;

export const enforcementFeature: FeatureModule = {
  routes: [
    { path: 'hotline', element: <ReportConcernPage /> },
    { path: 'hotline/check', element: <CheckReportPage /> },
    { path: 'enforcement-outcomes', element: <EnforcementSummariesPage /> },
    { path: 'enforcement/concerns', element: <ConcernsPage /> },
    { path: 'enforcement/concerns/:id', element: <ConcernPage /> },
    { path: 'enforcement/investigations', element: <InvestigationsPage /> },
    { path: 'enforcement/investigations/:id', element: <InvestigationPage /> },
    { path: 'enforcement/penalties', element: <PenaltyPage /> },
    { path: 'enforcement/proceedings', element: <ProceedingsPage /> },
    { path: 'enforcement/proceedings/:id', element: <ProceedingPage /> },
    { path: 'enforcement/audits', element: <AuditsPage /> },
    { path: 'enforcement/audits/:id', element: <AuditPage /> },
  ],
  nav: [
    { to: '/hotline', label: 'Hotline: report anonymously', roles: 'public', section: 'Public' },
    { to: '/hotline/check', label: 'Check your report', roles: 'public', section: 'Public' },
    { to: '/enforcement-outcomes', label: 'Enforcement outcomes', roles: 'public', section: 'Public' },
    { to: '/enforcement/concerns', label: 'Hotline reports', roles: [...READERS], section: 'Work' },
    { to: '/enforcement/investigations', label: 'Investigations', roles: [...READERS], section: 'Work' },
    { to: '/enforcement/penalties', label: 'Penalty calculator', roles: ['enforcement_officer', 'senior_officer', 'oversight', 'admin'], section: 'Work' },
    { to: '/enforcement/proceedings', label: 'Enforcement proceedings', roles: [...READERS, 'senior_officer'], section: 'Work' },
    { to: '/enforcement/audits', label: 'ICP audits', roles: [...READERS], section: 'Work' },
  ],
};
