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

for (const suite of suites) {
  describe(`access sweep: ${suite.domain}`, () => {
    let ids: Ids = {};
    beforeAll(async () => {
      ids = (await suite.setup?.(fx)) ?? {};
    });
    if (!suite.cases.length) it.skip('no endpoints registered yet', () => undefined);
    for (const c of suite.cases) {
      const label = `${c.method} ${typeof c.url === 'string' ? c.url : c.url.toString().replace(/^\(?\w*\)?\s*=>\s*/, '')}`;
      it(label, async () => {
        const anon = await call(c, ids, null);
        if (c.public) expect([401, 403], `${label} anonymous`).not.toContain(anon.statusCode);
        else expect(anon.statusCode, `${label} anonymous: ${anon.body}`).toBe(401);
        expect(anon.statusCode, `${label} anonymous must not 5xx: ${anon.body}`).toBeLessThan(500);

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
          } else {
            expect(res.statusCode, `${who} should be denied: ${res.body}`).toBe(c.denied ?? 403);
            expect(JSON.parse(res.body).error?.code, `${who} error body`).toBeTruthy();
          }
        }
      });
    }
  });
}
