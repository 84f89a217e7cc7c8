import type { FeatureModule } from '../types';
import { AccountPage } from './AccountPage';
import { UsersPage } from './UsersPage';
import { AuditPage } from './AuditPage';
import { JobsPage } from './JobsPage';
import { NotificationsPage } from './NotificationsPage';

export const platformFeature: FeatureModule = {
  routes: [
    { path: 'account', element: <AccountPage /> },
    { path: 'admin/users', element: <UsersPage /> },
    { path: 'audit', element: <AuditPage /> },
    { path: 'admin/jobs', element: <JobsPage /> },
    { path: 'notifications', element: <NotificationsPage /> },
  ],
  nav: [
    { to: '/notifications', label: 'Notifications', roles: 'all', section: 'Work' },
    { to: '/admin/users', label: 'Users', roles: ['admin', 'oversight', 'exporter_admin'], section: 'Admin' },
    { to: '/audit', label: 'Audit trail', roles: ['admin', 'oversight'], section: 'Admin' },
    { to: '/admin/jobs', label: 'Background jobs', roles: ['admin', 'oversight'], section: 'Admin' },
  ],
};
