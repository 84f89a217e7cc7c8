import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../helpers/app.js';

/** Edge defences (issue 13): CSRF on the matched route, NUL bytes, JSON null, sign-in limits and trusted proxies. */
let t: TestApp;
let exporter: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  exporter = await t.user('exporter');
  admin = await t.user('admin');
});
afterAll(async () => t?.close());

const cookieHeader = (raw: unknown) => ((Array.isArray(raw) ? raw : [raw]).filter(Boolean) as string[]).map((c) => c.split(';')[0]).join('; ');

async function signIn(app: TestApp, email: string) {
  const res = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: cookieHeader(res.headers['set-cookie']), csrf: res.json().csrfToken as string };
}

const tokenCount = async (userId: string) =>
  Number((await t.deps.db.selectFrom('api_tokens').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n);

describe('CSRF is checked on the matched route, whatever the spelling of the path', () => {
  // Every spelling an attacker might try for POST /api/tokens. The router either matches it (then CSRF must be
  // checked: 403) or does not (404). Nothing may create a token without the header.
  const spellings = [
    '/api/tokens',
    '/%61pi/tokens',
    '/%61%70%69/tokens',
    '/api/%74okens',
    '/%41PI/tokens',
    '/api%2Ftokens',
    '/api%2ftokens',
    '/%2Fapi/tokens',
    '//api/tokens',
    '/api//tokens',
    '/api/tokens/',
    '/api/tokens.',
    '/api./tokens',
    '/api/./tokens',
    '/api/x/../tokens',
    '/API/tokens',
    '/Api/Tokens',
    '/api/TOKENS',
    '/api/tokens?x=1',
    '/api/tokens%3Fx=1',
    '/api/tokens;x',
    '/api/tokens%20',
    '/api/tokens#frag',
  ];

  it('refuses every spelling without the X-CSRF-Token header (403 or 404, never a change)', async () => {
    const { cookie } = await signIn(t, exporter.email);
    const before = await tokenCount(exporter.id);
    const outcomes: Record<string, number> = {};
    for (const url of spellings) {
      const res = await t.app.inject({ method: 'POST', url, payload: { name: 'csrf' }, headers: { cookie } });
      outcomes[url] = res.statusCode;
      expect([403, 404], `${url}: ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 403) expect(res.json().error.code, url).toBe('csrf_failed');
    }
    expect(await tokenCount(exporter.id)).toBe(before);
    // The regression: the router decodes %61 to "a", so these reach the route and must meet the check.
    expect(outcomes['/%61pi/tokens']).toBe(403);
    expect(outcomes['/api/%74okens']).toBe(403);
    expect(outcomes['/api/tokens']).toBe(403);
  });

  it('accepts the same decoded spelling with the header (the check runs on the route, not on the text of the URL)', async () => {
    const { cookie, csrf } = await signIn(t, exporter.email);
    const res = await t.app.inject({ method: 'POST', url: '/%61pi/tokens', payload: { name: 'ok' }, headers: { cookie, 'x-csrf-token': csrf } });
    expect(res.statusCode, res.body).toBe(201);
    const wrong = await t.app.inject({ method: 'DELETE', url: `/%61pi/tokens/${res.json().id}`, headers: { cookie, 'x-csrf-token': csrf.slice(1) + 'x' } });
    expect(wrong.statusCode).toBe(403);
  });

  it('does not let an encoded path skip authentication either', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/%61pi/tokens' });
    expect(res.statusCode).toBe(401);
    const post = await t.app.inject({ method: 'POST', url: '/%61pi/organisations', payload: { name: 'Anon Org', kind: 'exporter' } });
    expect(post.statusCode).toBe(401);
  });

  it('does not ask bearer-token callers for a CSRF header', async () => {
    const res = await t.as(exporter).post('/%61pi/tokens', { name: 'bearer' });
    expect(res.statusCode).toBe(201);
  });
});

describe('NUL characters are refused at the edge with 400', () => {
  it('in a JSON body (anonymous sign-in included), naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a\u0000@b.example', password: 'x' } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', fields: { email: 'must not contain NUL characters' } });
    const nested = await t.as(admin).post('/api/organisations', { name: 'Org', kind: 'exporter', extra: { deep: ['ok', 'n\u0000ul'] } });
    expect(nested.statusCode).toBe(400);
    expect(Object.keys(nested.json().error.fields)).toEqual(['extra.deep.1']);
  });

  it('in the query and the path', async () => {
    const q = await t.as(admin).get('/api/audit/events?action=a%00b');
    expect(q.statusCode).toBe(400);
    expect(q.json().error.fields).toEqual({ query: 'must not contain NUL characters' });
    const p = await t.as(admin).delete('/api/tokens/abc%00def');
    expect(p.statusCode).toBe(400);
    expect(p.json().error.fields).toEqual({ path: 'must not contain NUL characters' });
    const anon = await t.app.inject({ method: 'GET', url: '/api/%00' });
    expect(anon.statusCode).toBe(400);
  });
});

describe('JSON null means "not given" for optional fields', () => {
  it('accepts null for an optional field and still rejects null for a required one, by name', async () => {
    const ok = await t.as(admin).post('/api/organisations', { name: 'Null Country Ltd', kind: 'exporter', country: null });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().country).toBeNull();
    const missing = await t.as(admin).post('/api/organisations', { name: null, kind: 'exporter', country: null });
    expect(missing.statusCode).toBe(400);
    expect(Object.keys(missing.json().error.fields)).toEqual(['name']);
    const wrong = await t.as(admin).post('/api/organisations', { name: 'Typed Ltd', kind: 'exporter', country: 12 });
    expect(wrong.statusCode).toBe(400);
    expect(Object.keys(wrong.json().error.fields)).toEqual(['country']);
  });
});

describe('sign-in limits and trusted proxies', () => {
  it('by default ignores X-Forwarded-For, so rotating it does not escape the per-address limit', async () => {
    const limited = await createTestApp({ config: { loginRateLimitPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `u${i}@b.example`, password: 'x-password' }, headers: { 'x-forwarded-for': `10.0.0.${i}` } })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('behind a trusted proxy limits per client address and per account: rotating addresses does not help against one account', async () => {
    const limited = await createTestApp({ config: { loginRateLimitPerMinute: 3 }, app: { trustProxy: true } });
    try {
      const victim = await limited.user('exporter');
      const perAccount: number[] = [];
      for (let i = 0; i < 5; i++)
        perAccount.push((await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: victim.email, password: 'wrong-password' }, headers: { 'x-forwarded-for': `10.1.0.${i}` } })).statusCode);
      expect(perAccount).toEqual([401, 401, 401, 429, 429]);
      // Different accounts from different client addresses are independent.
      const spread: number[] = [];
      for (let i = 0; i < 5; i++)
        spread.push((await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `other${i}@b.example`, password: 'x-password' }, headers: { 'x-forwarded-for': `10.2.0.${i}` } })).statusCode);
      expect(spread).toEqual([401, 401, 401, 401, 401]);
    } finally {
      await limited.close();
    }
  });
});

describe('passwords and tokens', () => {
  it('rejects common and repetitive passwords, keeping the 12-character minimum', async () => {
    for (const pw of ['password1234', 'Football!2024', 'aaaaaaaaaaaaaa', 'abcabcabcabc', '123456789012', 'short-1']) {
      const res = await t.as(admin).post('/api/users', { email: `pw${Math.random().toString(36).slice(2)}@x.example`, role: 'exporter', organisationId: exporter.organisationId, password: pw });
      expect(res.statusCode, pw).toBe(400);
      expect(res.json().error.fields, pw).toHaveProperty('password');
    }
    const good = await t.as(admin).post('/api/users', { email: 'strong@x.example', role: 'exporter', organisationId: exporter.organisationId, password: 'violet-kettle-harbour-92' });
    expect(good.statusCode, good.body).toBe(201);
  });

  it('revokes the owner\'s API tokens when the password changes', async () => {
    const u = await t.user('exporter');
    const extra = (await t.as(u).post('/api/tokens', { name: 'ci' })).json().token as string;
    const { cookie, csrf } = await signIn(t, u.email);
    const change = await t.app.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'violet-kettle-harbour-93' }, headers: { cookie, 'x-csrf-token': csrf } });
    expect(change.statusCode, change.body).toBe(204);
    for (const token of [u.token, extra]) expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    // The session that changed the password stays signed in.
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('stops accepting a disabled user\'s tokens and sessions at once', async () => {
    const u = await t.user('exporter');
    const { cookie } = await signIn(t, u.email);
    await t.deps.db.updateTable('users').set({ disabled: 1 }).where('id', '=', u.id).execute();
    expect((await t.as(u).get('/api/me')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: TEST_PASSWORD } });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.message).toBe('Email or password is wrong');
  });
});
