import type { Role } from '../../src/platform/auth/roles.js';
import type { TestApp, TestUser } from '../helpers/app.js';

/** The callers the sweep uses: one per role (authority roles in the authority, exporter roles in "Exporter A"), plus another organisation's exporters and an adviser of another team. */
/** `partner_agency`: an adviser (team defence) of an embassy, i.e. an organisation of kind partner_agency. */
export type SweepUserKey = Role | 'exporter_b' | 'exporter_admin_b' | 'adviser_other_team' | 'partner_agency';

export interface SweepFixtures {
  t: TestApp;
  users: Record<SweepUserKey, TestUser>;
}

export type Ids = Record<string, string>;

export interface SweepCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string | ((ids: Ids) => string);
  body?: unknown | ((ids: Ids) => unknown);
  /** Reachable without signing in. */
  public?: boolean;
  /** Roles that must get past the access check (any status except 401/403/404-for-hidden and 5xx). */
  allow: Role[] | 'all';
  /** Callers that must get 404 because the resource is another organisation's, or not referred to their team. */
  hidden?: SweepUserKey[];
  /** Callers with an allowed role that must still get 403 (e.g. acting on another organisation). */
  forbiddenFor?: SweepUserKey[];
  /** Status a role outside `allow` gets; 403 unless the resource's existence itself is hidden (404). */
  denied?: 403 | 404;
  /**
   * Status (or statuses) every allowed caller must get, e.g. 201, or [201, 409] for a create that succeeds once.
   * Without it, an allowed caller must get a 2xx (a 4xx would mean the sweep never reached the behaviour).
   */
  status?: number | number[];
  /**
   * What a partner agency's user (an embassy adviser) gets: 'allow' (it is built for them, scoped to their own
   * checks), 404, or by default 403 (they hold an authority role but are not the authority).
   */
  partner?: 'allow' | 403 | 404;
  /** An endpoint another engineer is still adding: skipped (visibly) while the app answers "No route", checked in full once it exists. */
  inFlight?: boolean;
}

export interface SweepSuite {
  domain: string;
  /** Creates resources owned by "Exporter A" etc.; returns ids for the cases' URLs. Runs once, before the cases. */
  setup?: (fx: SweepFixtures) => Promise<Ids>;
  cases: SweepCase[];
  /**
   * Every case of this suite without a declared `status` must get a 2xx for allowed callers. Suites without it
   * only check "not 401/403" for undeclared cases; set it once each case declares what it expects.
   */
  strictStatus?: boolean;
}
