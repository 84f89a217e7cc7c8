import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../helpers/app.js';

/**
 * NUL characters in the path, the query or a JSON body of every operation in the OpenAPI document: a 400 at the
 * edge, never a 500 (PostgreSQL text cannot hold NUL; run with TEST_DB=postgres as well as sqlite).
 */
let t: TestApp;
let admin: TestUser;
let ops: Array<{ method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string }> = [];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.user('admin');
  const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  for (const [path, item] of Object.entries(doc.paths))
    for (const m of Object.keys(item)) if (['get', 'post', 'put', 'patch', 'delete'].includes(m) && path.startsWith('/api/')) ops.push({ method: m.toUpperCase() as 'GET', path });
});
afterAll(async () => t?.close());

const withParams = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);
// Each request from its own address, so per-address rate limits (sign-in, anonymous comments) do not answer first.
let n = 0;
const addr = () => `10.${(++n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

describe('NUL bytes on every operation', () => {
  it('finds the API in the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThan(50);
  });

  it('answers 400 for NUL in the query, signed in or not, on every operation', async () => {
    const wrong: string[] = [];
    for (const op of ops) {
      const url = `${withParams(op.path, 'x')}?q=a%00b&name=%00`;
      for (const caller of [null, admin]) {
        const res = await t.as(caller).inject({ method: op.method, url, remoteAddress: addr(), ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }) });
        if (res.statusCode !== 400 || res.json().error?.fields?.query === undefined) wrong.push(`${op.method} ${url} as ${caller ? 'admin' : 'anonymous'}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 400 for NUL in a path parameter on every operation that has one', async () => {
    const wrong: string[] = [];
    for (const op of ops.filter((o) => o.path.includes('{'))) {
      const url = withParams(op.path, 'id%00x');
      const res = await t.as(admin).inject({ method: op.method, url, remoteAddress: addr(), ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }) });
      if (res.statusCode !== 400) wrong.push(`${op.method} ${url}: ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 400 (or 401 before sign-in) for NUL anywhere in a JSON body, on every operation that takes one, never a 5xx', async () => {
    const wrong: string[] = [];
    const bodies = [{ name: 'a\u0000b' }, { nested: { list: ['ok', '\u0000'] } }, { ['key\u0000']: 'v' }];
    for (const op of ops.filter((o) => o.method !== 'GET' && o.method !== 'DELETE')) {
      const url = withParams(op.path, '00000000-0000-0000-0000-000000000000');
      for (const payload of bodies) {
        const asAdmin = await t.as(admin).inject({ method: op.method, url, payload, remoteAddress: addr() });
        if (asAdmin.statusCode !== 400) wrong.push(`${op.method} ${url} as admin: ${asAdmin.statusCode} ${asAdmin.body.slice(0, 120)}`);
        const anon = await t.as(null).inject({ method: op.method, url, payload, remoteAddress: addr() });
        if (![400, 401].includes(anon.statusCode)) wrong.push(`${op.method} ${url} anonymous: ${anon.statusCode} ${anon.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
