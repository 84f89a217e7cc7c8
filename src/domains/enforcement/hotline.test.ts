import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { buildApp } from '../../server/app.js';
import { SECRET, jpegWithExif, multipart, pdfWithInfo, pngWithText } from './enforcement.fixtures.js';
import { stripMetadata } from './strip-metadata.js';
import { TokenBucket } from './token-bucket.js';

const IP = '203.0.113.77';
const UA = 'Mozilla/5.0 (ReporterLaptop; Identifying-Build-31337)';
let t: TestApp;
let officer: TestUser;
let logged: string[];
let app: FastifyInstance;

beforeAll(async () => {
  t = await createTestApp();
  officer = await t.user('enforcement_officer');
  // A second app on the same database whose request log (info level, the logger's real redaction) we capture.
  logged = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (logged.push(String(chunk)), done()) });
  const log = pino({ level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] }, sink);
  app = await buildApp({ ...t.deps, log }, { webDir: '/nonexistent' });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const anon = (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method, url, remoteAddress: IP, headers: { 'user-agent': UA, 'x-forwarded-for': IP, ...headers }, ...(payload !== undefined ? { payload: payload as any } : {}) });

const REPORT = { category: 'diversion', subject: 'Northwind Traders', country: 'DE', description: 'Night-vision tubes declared as spare parts are being shipped on to a third country.' };

describe('hotline', () => {
  it('takes a report without sign-in and stores and logs nothing that identifies the reporter', async () => {
    const res = await anon('POST', '/api/public/concerns', REPORT);
    expect(res.statusCode, res.body).toBe(201);
    const { receipt, passphrase } = res.json();
    expect(receipt).toMatch(/^CW-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(passphrase).toMatch(/^([0-9A-Z]{4}-){4}[0-9A-Z]{4}$/);

    const row = await t.deps.db.selectFrom('enforcement_concerns').selectAll().where('receipt', '=', receipt).executeTakeFirstOrThrow();
    expect(row.passphrase_hash).toMatch(/^\$argon2id\$/);
    expect(row.contact_channel).toBeNull();
    const stored = JSON.stringify(row);
    for (const s of [IP, UA, 'ReporterLaptop', passphrase]) expect(stored).not.toContain(s);
    const events = await t.deps.db.selectFrom('audit_events').selectAll().where('subject_id', '=', row.id).execute();
    expect(events.map((e) => e.action)).toEqual(['enforcement.concern_received']);
    expect(events[0]).toMatchObject({ actor_id: null, actor_email: null, organisation_id: null, request_id: null });
    expect(JSON.stringify(events)).not.toContain(IP);

    const lines = logged.filter((l) => l.includes('/api/public/concerns'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of logged) for (const s of [IP, UA, receipt, passphrase]) expect(l).not.toContain(s);
    // Control: the same log does carry the address for other routes, so the check above could fail.
    await app.inject({ method: 'GET', url: '/api/health', remoteAddress: IP });
    expect(logged.some((l) => l.includes(IP) && l.includes('/api/health'))).toBe(true);
  });

  it('redacts however the hotline path is spelt', async () => {
    const before = logged.length;
    await anon('POST', '/api/public/%63oncerns', REPORT);
    for (const l of logged.slice(before)) expect(l).not.toContain(IP);
    expect(logged.length).toBeGreaterThan(before);
  });

  it('keeps a contact channel only when the reporter gives one', async () => {
    const res = await anon('POST', '/api/public/concerns', { ...REPORT, contact: { channel: 'email', value: 'tip@example.org' } });
    const row = await t.deps.db.selectFrom('enforcement_concerns').selectAll().where('receipt', '=', res.json().receipt).executeTakeFirstOrThrow();
    expect([row.contact_channel, row.contact_value]).toEqual(['email', 'tip@example.org']);
  });

  it('refuses a bad report with the field and the reason', async () => {
    const res = await anon('POST', '/api/public/concerns', { category: 'gossip', description: 'short' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['category', 'description']);
  });

  it('runs a two-way conversation: the investigator asks, the reporter reads and answers with the receipt', async () => {
    const { receipt, passphrase } = (await anon('POST', '/api/public/concerns', REPORT)).json();
    const list = await t.as(officer).get('/api/enforcement/concerns');
    const id = list.json().concerns.find((c: { receipt: string }) => c.receipt === receipt).id;
    const asked = await t.as(officer).post(`/api/enforcement/concerns/${id}/messages`, { body: 'Which freight forwarder carried the last shipment?' });
    expect(asked.statusCode, asked.body).toBe(201);

    const read = await anon('GET', `/api/public/concerns/${receipt}/messages`, undefined, { 'x-concern-passphrase': passphrase });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().messages).toEqual([expect.objectContaining({ author: 'investigator', body: 'Which freight forwarder carried the last shipment?' })]);
    expect(JSON.stringify(read.json())).not.toContain(officer.id);

    const answered = await anon('POST', `/api/public/concerns/${receipt}/messages`, { passphrase: passphrase.toLowerCase(), body: 'Blue Anchor Logistics, in March.' });
    expect(answered.statusCode, answered.body).toBe(201);
    const seen = (await t.as(officer).get(`/api/enforcement/concerns/${id}`)).json();
    expect(seen.messages.map((m: { author: string; authorUserId: string | null }) => [m.author, m.authorUserId])).toEqual([['investigator', officer.id], ['reporter', null]]);
    expect(seen.status).toBe('in_review');
  });

  it('answers an unknown receipt like a wrong passphrase, and locks a receipt after five wrong ones', async () => {
    const { receipt, passphrase } = (await anon('POST', '/api/public/concerns', REPORT)).json();
    const unknown = await anon('GET', '/api/public/concerns/CW-0000-0000-0000/messages', undefined, { 'x-concern-passphrase': passphrase });
    const wrong = await anon('GET', `/api/public/concerns/${receipt}/messages`, undefined, { 'x-concern-passphrase': 'AAAA-AAAA-AAAA-AAAA-AAAA' });
    expect([unknown.statusCode, wrong.statusCode]).toEqual([404, 404]);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
    for (let i = 0; i < 4; i++) await anon('GET', `/api/public/concerns/${receipt}/messages`, undefined, { 'x-concern-passphrase': 'AAAA-AAAA-AAAA-AAAA-AAAA' });
    const locked = await anon('GET', `/api/public/concerns/${receipt}/messages`, undefined, { 'x-concern-passphrase': passphrase });
    expect(locked.statusCode).toBe(423);
    const missing = await anon('GET', `/api/public/concerns/${receipt}/messages`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.passphrase).toMatch(/X-Concern-Passphrase/);
  });

  it('strips metadata from every attachment before it is stored', async () => {
    const { receipt, passphrase } = (await anon('POST', '/api/public/concerns', REPORT)).json();
    const files: [string, string, Buffer][] = [
      [`${SECRET}.jpg`, 'image/jpeg', jpegWithExif()],
      [`${SECRET}.png`, 'image/png', pngWithText()],
      [`${SECRET}.pdf`, 'application/pdf', await pdfWithInfo()],
    ];
    for (const [name, type, data] of files) {
      expect(data.toString('latin1')).toContain(SECRET);
      const m = multipart(name, type, data);
      const res = await anon('POST', `/api/public/concerns/${receipt}/files`, m.payload, { ...m.headers, 'x-concern-passphrase': passphrase });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().removed.length).toBeGreaterThan(0);
      const link = await t.deps.db.selectFrom('enforcement_concern_files').innerJoin('files', 'files.id', 'enforcement_concern_files.file_id').selectAll('files').where('enforcement_concern_files.id', '=', res.json().id).executeTakeFirstOrThrow();
      expect(link.filename).not.toContain(SECRET);
      expect(link.created_by).toBeNull();
      const bytes = readFileSync(link.storage_path);
      expect(bytes.toString('latin1')).not.toContain(SECRET);
      expect(bytes.toString('latin1')).not.toContain('GPS=');
    }
    const pdf = readFileSync((await t.deps.db.selectFrom('files').selectAll().where('content_type', '=', 'application/pdf').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).storage_path).toString('latin1');
    // Still a PDF with its page text stream and cross-reference table intact.
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(/xref[\s\S]*trailer[\s\S]*%%EOF/);
  });

  it('keeps the image data and the structure it needs while removing metadata', () => {
    const jpg = stripMetadata('image/jpeg', jpegWithExif());
    expect(jpg.removed).toEqual(['JPEG APP1 (Exif/XMP) segment', 'JPEG COM (comment) segment']);
    expect([...jpg.data.subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    expect([...jpg.data.subarray(-5)]).toEqual([0x12, 0x34, 0x56, 0xff, 0xd9]);
    expect(jpg.data.includes(Buffer.from([0xff, 0xdb]))).toBe(true);
    const png = stripMetadata('image/png', pngWithText());
    expect(png.removed).toEqual(['PNG tEXt chunk', 'PNG tIME chunk']);
    expect(png.data.includes(Buffer.from('IDAT'))).toBe(true);
    let err: unknown;
    try {
      stripMetadata('image/png', pngWithText().subarray(0, 30));
    } catch (e) {
      err = e;
    }
    expect((err as { fields?: Record<string, string> }).fields?.file).toMatch(/truncated/);
  });

  it('rate-limits with one shared bucket and no addresses', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 60, () => now);
    bucket.take('reports');
    bucket.take('reports');
    expect(() => bucket.take('reports')).toThrow(/wait a minute/);
    now += 1000; // one token a second at 60 a minute
    expect(() => bucket.take('reports')).not.toThrow();
  });

  it('lets only enforcement officers work reports (oversight and admin read)', async () => {
    const exporter = await t.user('exporter');
    const oversight = await t.user('oversight');
    expect((await t.as(exporter).get('/api/enforcement/concerns')).statusCode).toBe(403);
    expect((await t.as(oversight).get('/api/enforcement/concerns')).statusCode).toBe(200);
    const id = (await t.as(oversight).get('/api/enforcement/concerns')).json().concerns[0].id;
    expect((await t.as(oversight).post(`/api/enforcement/concerns/${id}/messages`, { body: 'hello' })).statusCode).toBe(403);
  });
});
