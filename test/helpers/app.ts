import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { openDeps } from '../../src/server/runtime.js';
import { buildApp, type AppOptions } from '../../src/server/app.js';
import { FixedClock, systemClock, type Clock } from '../../src/platform/clock.js';
import type { Deps } from '../../src/platform/context.js';
import { ctxFor } from '../../src/platform/context.js';
import { SYSTEM_ACTOR, type OrgKind, type Role } from '../../src/platform/auth/roles.js';
import { withTx } from '../../src/platform/db/index.js';
import { insertUser, createApiToken } from '../../src/domains/identity/identity.service.js';
import { newId } from '../../src/platform/ids.js';
import { createTestDatabase } from './db.js';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  organisationId: string;
  token: string;
}

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  clock: Clock;
  /** Creates an organisation (or returns the one with that name). */
  org(name: string, kind: OrgKind): Promise<string>;
  /** Creates a user with an API token; the password is TEST_PASSWORD. */
  user(role: Role, opts?: { org?: string; orgKind?: OrgKind; email?: string; team?: string }): Promise<TestUser>;
  /** Calls the API as a user (Bearer token) or anonymously. */
  as(user: TestUser | null): Caller;
  close(): Promise<void>;
}

export interface Caller {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

/** A real app on a real throwaway database (SQLite or PostgreSQL per TEST_DB), migrated, with no bundled data unless `seed` runs. */
export async function createTestApp(opts: { clock?: Clock; config?: Partial<Config>; app?: Partial<AppOptions> } = {}): Promise<TestApp> {
  const tdb = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: tdb.url, CLEARWAY_LOGIN_RATE_LIMIT: '1000' }, opts.config);
  const clock = opts.clock ?? systemClock;
  const { deps, database } = await openDeps(config, clock);
  const app = await buildApp(deps, { webDir: '/nonexistent', ...opts.app });
  await app.ready();
  const orgs = new Map<string, string>();
  let n = 0;

  const org = async (name: string, kind: OrgKind) => {
    if (orgs.has(name)) return orgs.get(name)!;
    const id = newId();
    await deps.db.insertInto('organisations').values({ id, name, kind, country: 'GB', created_at: clock.now().toISOString() }).execute();
    orgs.set(name, id);
    return id;
  };

  const user = async (role: Role, o: { org?: string; orgKind?: OrgKind; email?: string; team?: string } = {}) => {
    const industry = role === 'exporter' || role === 'exporter_admin';
    const orgId = await org(o.org ?? (industry ? 'Exporter A Ltd' : 'Authority'), o.orgKind ?? (industry ? 'exporter' : 'authority'));
    const email = o.email ?? `${role}.${++n}.${newId().slice(0, 6)}@test.example`;
    const ctx = ctxFor(deps, SYSTEM_ACTOR, 'test');
    const u = await withTx(deps.db, (tx) => insertUser(tx, ctx, { email, role, organisationId: orgId, password: TEST_PASSWORD, team: o.team ?? (role === 'adviser' ? 'defence' : null) }));
    const t = await createApiToken(ctx, 'test', u.id);
    return { id: u.id, email: u.email, role, organisationId: orgId, token: t.token };
  };

  const as = (u: TestUser | null): Caller => {
    const headers = (extra?: Record<string, string>): Record<string, string> => ({ ...(u ? { authorization: `Bearer ${u.token}` } : {}), ...(extra ?? {}) });
    const send = (method: InjectOptions['method'], url: string, body?: unknown, extra?: Record<string, string>) =>
      app.inject({ method, url, headers: headers(extra), ...(body !== undefined ? { payload: body as any } : {}) });
    return {
      get: (url) => send('GET', url),
      post: (url, body, h) => send('POST', url, body ?? {}, h),
      put: (url, body) => send('PUT', url, body ?? {}),
      patch: (url, body) => send('PATCH', url, body ?? {}),
      delete: (url) => send('DELETE', url),
      inject: (o) => app.inject({ ...o, headers: { ...headers(), ...((o.headers as Record<string, string>) ?? {}) } }),
    };
  };

  return {
    app,
    deps,
    clock,
    org,
    user,
    as,
    close: async () => {
      await app.close();
      await database.destroy();
      await tdb.drop();
    },
  };
}

export { FixedClock };
