import type { FeatureModule } from '../types';
import { ChecksPage } from './ChecksPage';
import { CheckPage } from './CheckPage';
import { ProposalsPage } from './ProposalsPage';
import { UnverifiedPage } from './UnverifiedPage';
import { ReliabilityPage } from './ReliabilityPage';
import { READERS } from './types';

export const verificationFeature: FeatureModule = {
  routes: [
    { path: 'verification', element: <ChecksPage /> },
    { path: 'verification/checks/:id', element: <CheckPage /> },
    { path: 'verification/proposals', element: <ProposalsPage /> },
    { path: 'verification/unverified', element: <UnverifiedPage /> },
    { path: 'verification/parties/:id', element: <ReliabilityPage /> },
  ],
  nav: [
    // Partner agencies' users hold an authority role (often adviser); the page shows them only their own checks.
    { to: '/verification', label: 'End-use checks', roles: [...READERS, 'adviser'], section: 'Work' },
    { to: '/verification/proposals', label: 'Proposed checks', roles: [...READERS], section: 'Work' },
    { to: '/verification/unverified', label: 'Unverified List', roles: [...READERS], section: 'Work' },
  ],
};
