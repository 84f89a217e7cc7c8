import type { ReactNode } from 'react';

export type Role =
  | 'admin' | 'licensing_officer' | 'senior_officer' | 'adviser' | 'customs_officer'
  | 'enforcement_officer' | 'oversight' | 'exporter_admin' | 'exporter';

export interface NavItem {
  to: string;
  label: string;
  /** Who sees the link: roles, or 'public' (also shown signed out). */
  roles: Role[] | 'public' | 'all';
  section?: 'Public' | 'Work' | 'Industry' | 'Admin';
}

/** What a feature folder hands to the shell: its pages and its menu entries. */
export interface FeatureModule {
  routes: { path: string; element: ReactNode }[];
  nav: NavItem[];
}
