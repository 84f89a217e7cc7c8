import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/platform/auth/roles.js';
import { createTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { suites } from './suites.js';
import type { Ids, SweepCase, SweepFixtures, SweepUserKey } from './types.js';

/**
 * Calls every endpoint as nobody, as every role, and as another organisation's users,
 * and checks each gets exactly the access the policy promises. Never a 5xx.
 */
let t: TestApp;
let fx: SweepFixtures;

beforeAll(async () => {
  t = await createTestApp();
  const users = {} as Record<SweepUserKey, TestUser>;
  for (const role of ROLES) users[role] = await t.user(role);
  users.exporter_b = await t.user('exporter', { org: 'Exporter B GmbH' });
  users.exporter_admin_b = await t.user('exporter_admin', { org: 'Exporter B GmbH' });
  users.adviser_other_team = await t.user('adviser', { team: 'intelligence' });
  users.partner_agency = await t.user('adviser', { org: 'Embassy Partner Agency', orgKind: 'partner_agency', team: 'defence' });
  fx = { t, users };
});
afterAll(async () => t?.close());

const resolve = <T>(v: T | ((ids: Ids) => T), ids: Ids): T => (typeof v === 'function' ? (v as (ids: Ids) => T)(ids) : v);

async function call(c: SweepCase, ids: Ids, user: TestUser | null) {
  const url = resolve(c.url, ids);
  const body = c.body === undefined ? undefined : resolve(c.body, ids);
  const caller = t.as(user);
  switch (c.method) {
    case 'GET':
      return caller.get(url);
    case 'DELETE':
      return caller.delete(url);
    case 'POST':
      return caller.post(url, body);
    case 'PUT':
      return caller.put(url, body);
    case 'PATCH':
      return caller.patch(url, body);
  }
}

const idsBySuite = new Map<string, Ids>();

for (const suite of suites) {
  describe(`access sweep: ${suite.domain}`, () => {
    let ids: Ids = {};
    beforeAll(async () => {
      ids = (await suite.setup?.(fx)) ?? {};
      idsBySuite.set(suite.domain, ids);
    });
    if (!suite.cases.length) it.skip('no endpoints registered yet', () => undefined);
    for (const c of suite.cases) {
      const label = `${c.method} ${typeof c.url === 'string' ? c.url : c.url.toString().replace(/^\(?\w*\)?\s*=>\s*/, '')}`;
      it(label, async (ctx) => {
        const anon = await call(c, ids, null);
        if (c.inFlight && anon.statusCode === 404 && /^No route /.test(JSON.parse(anon.body).error?.message ?? '')) ctx.skip();
        if (c.public) expect([401, 403], `${label} anonymous`).not.toContain(anon.statusCode);
        else expect(anon.statusCode, `${label} anonymous: ${anon.body}`).toBe(401);
        expect(anon.statusCode, `${label} anonymous must not 5xx: ${anon.body}`).toBeLessThan(500);

        const partner = await call(c, ids, fx.users.partner_agency);
        expect(partner.statusCode, `${label} as partner_agency must not 5xx: ${partner.body}`).toBeLessThan(500);
        // Open to every signed-in caller (own account, own notifications, determinations for oneself): partners too.
        const openToAll = c.allow === 'all' || (c.public && c.allow.includes('adviser'));
        if (c.partner === 'allow' || (openToAll && c.partner === undefined)) expect([401, 403], `${label} as partner_agency should be allowed: ${partner.body}`).not.toContain(partner.statusCode);
        else if (c.public && c.partner === undefined) expect(partner.statusCode, `${label} as partner_agency: ${partner.body}`).toBe(c.denied ?? 403);
        else expect(partner.statusCode, `${label} as partner_agency (not the authority) should get ${c.partner ?? c.denied ?? 403}: ${partner.body}`).toBe(c.partner ?? c.denied ?? 403);

        const keys = [...ROLES, 'exporter_b', 'exporter_admin_b', 'adviser_other_team'] as SweepUserKey[];
        for (const key of keys) {
          const res = await call(c, ids, fx.users[key]);
          const who = `${label} as ${key}`;
          expect(res.statusCode, `${who} must not 5xx: ${res.body}`).toBeLessThan(500);
          const role: Role = fx.users[key].role;
          const allowed = c.allow === 'all' || c.allow.includes(role);
          if (c.hidden?.includes(key)) {
            expect(res.statusCode, `${who} should not see it: ${res.body}`).toBe(404);
          } else if (c.forbiddenFor?.includes(key)) {
            expect(res.statusCode, `${who} should be forbidden: ${res.body}`).toBe(403);
          } else if (allowed) {
            expect([401, 403], `${who} should be allowed: ${res.body}`).not.toContain(res.statusCode);
            if (c.status !== undefined) {
              const want = Array.isArray(c.status) ? c.status : [c.status];
              expect(want, `${who} should get ${want.join(' or ')}: ${res.body}`).toContain(res.statusCode);
            } else if (suite.strictStatus) {
              expect(res.statusCode, `${who} should get a 2xx (declare \`status\` on the case if another answer is the point): ${res.body}`).toBeLessThan(300);
            }
          } else {
            expect(res.statusCode, `${who} should be denied: ${res.body}`).toBe(c.denied ?? 403);
            expect(JSON.parse(res.body).error?.code, `${who} error body`).toBeTruthy();
          }
        }
      });
    }
  });
}

/** The OpenAPI document's operations, as method + path pattern (`/api/cases/{id}`). */
async function documentedOperations(): Promise<Array<{ method: string; path: string }>> {
  const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  const ops: Array<{ method: string; path: string }> = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of Object.keys(item)) if (['get', 'post', 'put', 'patch', 'delete'].includes(method) && path.startsWith('/api/')) ops.push({ method: method.toUpperCase(), path });
  return ops;
}

const patternOf = (path: string) => new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|:[A-Za-z_]\w*/g, '[^/]+')}$`);

describe('access sweep coverage', () => {
  // Runs after every suite above (vitest runs describe blocks in order), so each suite's ids are known.
  it('has a case for every operation in the OpenAPI document (a new endpoint must be added to test/sweep/<domain>.sweep.ts)', async () => {
    const swept: Array<{ method: string; path: string }> = [];
    for (const suite of suites) {
      const ids = idsBySuite.get(suite.domain) ?? {};
      for (const c of suite.cases) {
        let url: string;
        try {
          url = resolve(c.url, ids);
        } catch {
          continue;
        }
        swept.push({ method: c.method, path: url.split('?')[0] });
      }
    }
    const ops = await documentedOperations();
    expect(ops.length, 'the OpenAPI document lists the API').toBeGreaterThan(50);
    const missing = ops.filter((op) => !swept.some((s) => s.method === op.method && patternOf(op.path).test(s.path))).map((op) => `${op.method} ${op.path}`);
    expect(missing, `endpoints with no access-sweep case:\n  ${missing.join('\n  ')}`).toEqual([]);
  });
});
