import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../helpers/app.js';

let t: TestApp;
let officer: TestUser;
let exporter: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  officer = await t.user('licensing_officer');
  exporter = await t.user('exporter');
});
afterAll(async () => t.close());

const login = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
const cookiesOf = (res: { headers: Record<string, unknown> }) => {
  const raw = res.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : [raw]).filter(Boolean) as string[];
};
const cookieHeader = (cookies: string[]) => cookies.map((c) => c.split(';')[0]).join('; ');

describe('password login and sessions', () => {
  it('rejects a wrong password with 401 and the error shape, without saying which part was wrong', async () => {
    const res = await login(officer.email, 'not-the-password');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthenticated', message: 'Email or password is wrong' } });
    const unknown = await login('nobody@example.org', 'whatever-password');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe('Email or password is wrong');
  });

  it('sets an HttpOnly SameSite=Lax session cookie and /api/me answers who is signed in', async () => {
    const res = await login(officer.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookies = cookiesOf(res);
    const session = cookies.find((c) => c.startsWith('cw_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/); // plain http in tests; Secure behind TLS
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieHeader(cookies) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: officer.id, email: officer.email, role: 'licensing_officer', organisation: { id: officer.organisationId, kind: 'authority' } });
  });

  it('marks both cookies Secure when the request arrived over TLS at a trusted proxy (X-Forwarded-Proto: https)', async () => {
    // Clearway runs behind a TLS-terminating proxy; with CLEARWAY_TRUST_PROXY=1 the proxy's X-Forwarded-Proto says how the browser connected.
    const proxied = await createTestApp({ app: { trustProxy: 1 } });
    try {
      const u = await proxied.user('exporter');
      const login = (proto: string) =>
        proxied.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: TEST_PASSWORD }, headers: { 'x-forwarded-proto': proto } });
      const overTls = cookiesOf(await login('https'));
      expect(overTls.find((c) => c.startsWith('cw_session='))).toMatch(/; Secure/);
      expect(overTls.find((c) => c.startsWith('cw_csrf='))).toMatch(/; Secure/);
      // The same proxy forwarding a plain-HTTP request: not Secure (the browser would drop a Secure cookie on http).
      expect(cookiesOf(await login('http')).find((c) => c.startsWith('cw_session='))).not.toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
  });

  it('ignores X-Forwarded-Proto from an untrusted client, and CLEARWAY_SECURE_COOKIES=true always sets Secure', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: officer.email, password: TEST_PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
    expect(res.statusCode).toBe(200);
    expect(cookiesOf(res).find((c) => c.startsWith('cw_session='))).not.toMatch(/Secure/);
    const secureApp = await createTestApp({ config: { secureCookies: true } });
    try {
      const u = await secureApp.user('exporter');
      const r2 = await secureApp.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: TEST_PASSWORD } });
      expect(cookiesOf(r2).find((c) => c.startsWith('cw_session='))).toMatch(/; Secure/);
    } finally {
      await secureApp.close();
    }
  });

  it('answers 401 on /api/me without credentials and with a bad bearer token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const bad = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer cwt_nope' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('unauthenticated');
  });

  it('requires the CSRF header for cookie-authenticated changes', async () => {
    const res = await login(exporter.email, TEST_PASSWORD);
    const cookies = cookiesOf(res);
    const csrf = res.json().csrfToken as string;
    const without = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'x' }, headers: { cookie: cookieHeader(cookies) } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'x' }, headers: { cookie: cookieHeader(cookies), 'x-csrf-token': 'forged' } });
    expect(wrong.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'x' }, headers: { cookie: cookieHeader(cookies), 'x-csrf-token': csrf } });
    expect(ok.statusCode).toBe(201);
  });

  it('logout ends the session', async () => {
    const res = await login(exporter.email, TEST_PASSWORD);
    const cookie = cookieHeader(cookiesOf(res));
    const csrf = res.json().csrfToken;
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': csrf } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('locks an account after five failures, even for the right password, answering exactly like a wrong password, and audits it', async () => {
    const victim = await t.user('exporter');
    for (let i = 0; i < 5; i++) expect((await login(victim.email, 'wrong-password-' + i)).statusCode).toBe(401);
    const locked = await login(victim.email, TEST_PASSWORD);
    const unknown = await login('nobody-at-all@example.org', TEST_PASSWORD);
    // No 423: a distinct answer would tell an attacker which emails are registered.
    expect(locked.statusCode).toBe(401);
    expect(locked.body).toBe(unknown.body);
    expect(locked.headers['set-cookie']).toBeUndefined();
    const events = await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', victim.id).execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.locked', 'auth.login_refused_locked']));
  });

  it('changes a password: the old one stops working and other sessions end', async () => {
    const u = await t.user('exporter');
    const other = cookieHeader(cookiesOf(await login(u.email, TEST_PASSWORD)));
    const bad = await t.as(u).post('/api/auth/password', { currentPassword: 'wrong', newPassword: 'another-long-password' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('currentPassword');
    const short = await t.as(u).post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields).toHaveProperty('newPassword');
    const ok = await t.as(u).post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'another-long-password' });
    expect(ok.statusCode).toBe(204);
    expect((await login(u.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(u.email, 'another-long-password')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: other } })).statusCode).toBe(401);
  });

  it('rate-limits repeated sign-in attempts with 429', async () => {
    const limited = await createTestApp({ config: { loginRateLimitPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.example', password: 'x-password' } })).statusCode);
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes[4]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('API tokens', () => {
  it('stores tokens hashed, records last use, and stops accepting a revoked token', async () => {
    const u = await t.user('exporter');
    const created = await t.as(u).post('/api/tokens', { name: 'erp' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    const row = await t.deps.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.last_used_at).toBeNull();
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().email).toBe(u.email);
    const list = (await t.as(u).get('/api/tokens')).json().tokens;
    expect(list.find((x: { id: string }) => x.id === id).lastUsedAt).not.toBeNull();
    // Another user cannot revoke it (404, not 403: ids do not leak).
    const other = await t.user('exporter');
    expect((await t.as(other).delete(`/api/tokens/${id}`)).statusCode).toBe(404);
    expect((await t.as(u).delete(`/api/tokens/${id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });
});

describe('users and organisations', () => {
  it('lets an exporter admin add exporters to their own organisation only', async () => {
    const ea = await t.user('exporter_admin');
    const mine = await t.as(ea).post('/api/users', { email: 'colleague@exporter-a.example', role: 'exporter', organisationId: ea.organisationId, password: 'long-enough-password' });
    expect(mine.statusCode).toBe(201);
    const escalate = await t.as(ea).post('/api/users', { email: 'boss@exporter-a.example', role: 'licensing_officer', organisationId: ea.organisationId, password: 'long-enough-password' });
    expect(escalate.statusCode).toBe(403);
    const otherOrg = await t.org('Exporter C', 'exporter');
    expect((await t.as(ea).post('/api/users', { email: 'x@c.example', role: 'exporter', organisationId: otherOrg, password: 'long-enough-password' })).statusCode).toBe(403);
    const listed = (await t.as(ea).get('/api/users')).json().users as Array<{ organisation: { id: string } }>;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((u) => u.organisation.id === ea.organisationId)).toBe(true);
  });

  it('validates input with field errors and never answers 500 to malformed bodies', async () => {
    const admin = await t.user('admin');
    const bad = await t.as(admin).post('/api/users', { email: 'not-an-email', role: 'wizard', organisationId: '', password: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    expect(Object.keys(bad.json().error.fields)).toEqual(expect.arrayContaining(['email', 'role', 'password']));
    const malformed = await t.as(admin).inject({ method: 'POST', url: '/api/users', payload: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    const wrongType = await t.as(admin).inject({ method: 'POST', url: '/api/organisations', payload: '<x/>', headers: { 'content-type': 'application/xml' } });
    expect(wrongType.statusCode).toBe(415);
    const huge = await t.as(admin).inject({ method: 'POST', url: '/api/organisations', payload: JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024), kind: 'exporter' }), headers: { 'content-type': 'application/json' } });
    expect(huge.statusCode).toBe(413);
    const dup = await t.as(admin).post('/api/organisations', { name: 'Dup Org', kind: 'exporter' });
    expect(dup.statusCode).toBe(201);
    expect((await t.as(admin).post('/api/organisations', { name: 'Dup Org', kind: 'exporter' })).statusCode).toBe(409);
    const authorityRoleInExporterOrg = await t.as(admin).post('/api/users', { email: 'o@dup.example', role: 'licensing_officer', organisationId: dup.json().id, password: 'long-enough-password' });
    expect(authorityRoleInExporterOrg.statusCode).toBe(400);
    expect(authorityRoleInExporterOrg.json().error.fields).toHaveProperty('role');
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await t.as(officer).get('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('publishes an OpenAPI 3 document at /docs/json listing the endpoints', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/me', '/api/audit/verify']));
  });
});

describe('query strings', () => {
  it('treats empty parameters as not given (the documented contract URL with blanks works)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit/events?actor=&subjectType=&limit=&offset=', headers: { authorization: `Bearer ${(await t.user('admin')).token}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().events.length).toBeGreaterThan(0);
  });

  it('accepts the controls contract URL exactly as documented, blanks included', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/controls/entries?list=eu&category=&regime=&q=&limit=&offset=' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toHaveProperty('total');
  });

  it('reads ?unread=false as false', async () => {
    const u = await t.user('exporter');
    const { notify } = await import('../../src/platform/notify.js');
    await notify(t.deps.db, new Date(), { userId: u.id }, { kind: 'test', title: 'Hello', body: 'x' });
    const all = (await t.as(u).get('/api/notifications?unread=false')).json().notifications;
    expect(all.length).toBe(1);
    await t.as(u).post(`/api/notifications/${all[0].id}/read`);
    expect((await t.as(u).get('/api/notifications?unread=true')).json().notifications.length).toBe(0);
    expect((await t.as(u).get('/api/notifications?unread=false')).json().notifications.length).toBe(1);
  });
});
