import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { MAX_UPLOAD_BYTES } from '../../platform/files.js';
import { seedControls } from '../controls/controls.import.js';

let t: TestApp;
let uploadDir: string;
let exporter: TestUser;
let exporterAdmin: TestUser;
let exporterB: TestUser;
let officer: TestUser;
let senior: TestUser;
let oversight: TestUser;
let adviser: TestUser;
let customs: TestUser;
let radioId: string;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function multipart(filename: string, contentType: string, data: Buffer) {
  const boundary = '----cwtest' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (u: TestUser, id: string, filename: string, contentType: string, data: Buffer) =>
  t.as(u).inject({ method: 'POST', url: `/api/classification/requests/${id}/datasheet`, ...multipart(filename, contentType, data) });

const radio = {
  productName: 'Wireless mesh radio transceiver',
  description: 'Outdoor point-to-multipoint radio for 5.8 GHz links with AES-256 encryption. Questions: ops@exporter-a.example or +44 20 7946 0000. Made by Exporter A Ltd.',
  manufacturer: 'Exporter A Ltd',
  partNumber: 'MX-5800-AES',
  publishPartNumber: false,
  parameters: [
    { name: 'Frequency', value: '5.8', unit: 'GHz' },
    { name: 'Output power', value: 1, unit: 'W' },
    { name: 'Encryption', value: 'AES-256' },
  ],
};

beforeAll(async () => {
  uploadDir = mkdtempSync(join(tmpdir(), 'cw-cls-up-'));
  t = await createTestApp({ config: { uploadDir } });
  // Rulings are checked against the real EU Annex I.
  await seedControls(t.deps, ['eu']);
  exporter = await t.user('exporter');
  exporterAdmin = await t.user('exporter_admin');
  exporterB = await t.user('exporter', { org: 'Exporter B GmbH' });
  officer = await t.user('licensing_officer');
  senior = await t.user('senior_officer');
  oversight = await t.user('oversight');
  adviser = await t.user('adviser');
  customs = await t.user('customs_officer');
});
afterAll(async () => {
  await t?.close();
  rmSync(uploadDir, { recursive: true, force: true });
});

describe('classification requests', () => {

  it('rejects anonymous callers, non-exporters and bad input before filing', async () => {
    expect((await t.as(null).post('/api/classification/requests', radio)).statusCode).toBe(401);
    for (const u of [officer, oversight, adviser]) expect((await t.as(u).post('/api/classification/requests', radio)).statusCode).toBe(403);

    const missing = await t.as(exporter).post('/api/classification/requests', { ...radio, productName: '  ', manufacturer: undefined });
    expect(missing.statusCode).toBe(400);
    const f = missing.json().error.fields;
    expect(Object.keys(f)).toEqual(expect.arrayContaining(['productName', 'manufacturer']));

    const badParam = await t.as(exporter).post('/api/classification/requests', { ...radio, parameters: [{ name: 'Frequency', value: '' }] });
    expect(badParam.statusCode).toBe(400);
    expect(badParam.json().error.fields).toHaveProperty(['parameters.0.value']);

    const consentNoPart = await t.as(exporter).post('/api/classification/requests', { ...radio, partNumber: null, publishPartNumber: true });
    expect(consentNoPart.statusCode).toBe(400);
    expect(consentNoPart.json().error.fields).toHaveProperty('publishPartNumber');

    const list = await t.as(officer).get('/api/classification/requests');
    expect(list.json().total).toBe(0);
  });

  it('files a request for the exporter\'s organisation with its parameters', async () => {
    const res = await t.as(exporter).post('/api/classification/requests', radio);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    radioId = body.id;
    expect(body.reference).toMatch(new RegExp(`^CR-${new Date().getUTCFullYear()}-00001$`));
    expect(body.status).toBe('submitted');
    expect(body.organisation.id).toBe(exporter.organisationId);
    expect(body.parameters).toEqual([
      { name: 'Frequency', value: '5.8', unit: 'GHz' },
      { name: 'Output power', value: '1', unit: 'W' },
      { name: 'Encryption', value: 'AES-256', unit: null },
    ]);
    expect(body.ruling).toBeNull();

    const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('subject_id', '=', radioId).execute();
    expect(audit.map((e) => e.action)).toEqual(['classification.request_filed']);
  });

  it('scopes requests to the organisation: another organisation gets 404 and an empty list', async () => {
    expect((await t.as(exporterB).get(`/api/classification/requests/${radioId}`)).statusCode).toBe(404);
    expect((await t.as(exporterB).get('/api/classification/requests')).json()).toEqual({ total: 0, requests: [] });
    const own = await t.as(exporterAdmin).get('/api/classification/requests');
    expect(own.json().requests.map((r: { id: string }) => r.id)).toEqual([radioId]);
    expect((await t.as(exporterAdmin).get(`/api/classification/requests/${radioId}`)).json().partNumber).toBe('MX-5800-AES');
    expect((await t.as(officer).get('/api/classification/requests?status=submitted')).json().total).toBe(1);
    expect((await t.as(officer).get('/api/classification/requests?status=ruled')).json().total).toBe(0);
    expect((await t.as(officer).get('/api/classification/requests?q=mx-5800')).json().total).toBe(1);
    expect((await t.as(officer).get(`/api/classification/requests?q=${encodeURIComponent('%')}`)).json().total).toBe(0);
    expect((await t.as(officer).get(`/api/classification/requests?q=${encodeURIComponent('mesh_radio')}`)).json().total).toBe(0);
    expect((await t.as(officer).get('/api/classification/requests?status=bogus')).statusCode).toBe(400);
    expect((await t.as(oversight).get(`/api/classification/requests/${radioId}`)).statusCode).toBe(200);
    // Advisers and customs read rulings only, not pending requests.
    expect((await t.as(adviser).get(`/api/classification/requests/${radioId}`)).statusCode).toBe(404);
    expect((await t.as(customs).get('/api/classification/requests')).json().total).toBe(0);
    expect((await t.as(officer).get('/api/classification/requests/not-an-id')).statusCode).toBe(404);
  });

  it('checks the datasheet upload: access, type, content, size', async () => {
    expect((await t.as(null).inject({ method: 'POST', url: `/api/classification/requests/${radioId}/datasheet`, ...multipart('a.pdf', 'application/pdf', PDF) })).statusCode).toBe(401);
    expect((await upload(officer, radioId, 'a.pdf', 'application/pdf', PDF)).statusCode).toBe(403);
    expect((await upload(exporterB, radioId, 'a.pdf', 'application/pdf', PDF)).statusCode).toBe(404);

    const zip = await upload(exporter, radioId, 'a.zip', 'application/zip', Buffer.from('PK\x03\x04rest'));
    expect(zip.statusCode).toBe(400);
    expect(zip.json().error.fields.file).toMatch(/not accepted/);

    const fake = await upload(exporter, radioId, 'a.pdf', 'application/pdf', Buffer.from('MZ\x90\x00 not a pdf'));
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.fields.file).toMatch(/does not look like/);

    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x20);
    PDF.copy(big);
    const tooBig = await upload(exporter, radioId, 'big.pdf', 'application/pdf', big);
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.fields.file).toMatch(/larger than/);

    const json = await t.as(exporter).post(`/api/classification/requests/${radioId}/datasheet`, { file: 'x' });
    expect(json.statusCode).toBe(415);

    const boundary = '----empty';
    const empty = await t.as(exporter).inject({
      method: 'POST',
      url: `/api/classification/requests/${radioId}/datasheet`,
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toHaveProperty('file');

    const req = await t.as(officer).get(`/api/classification/requests/${radioId}`);
    expect(req.json().datasheet).toBeNull();

    const ok = await upload(exporter, radioId, 'MX 5800 datasheet.pdf', 'application/pdf', PDF);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().size).toBe(PDF.length);

    const after = await t.as(officer).get(`/api/classification/requests/${radioId}`);
    expect(after.json().datasheet).toMatchObject({ filename: 'MX 5800 datasheet.pdf', contentType: 'application/pdf', size: PDF.length });
    const dl = await t.as(officer).get(`/api/classification/requests/${radioId}/datasheet`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toMatch(/application\/pdf/);
    expect(dl.rawPayload.equals(PDF)).toBe(true);
    expect((await t.as(exporterB).get(`/api/classification/requests/${radioId}/datasheet`)).statusCode).toBe(404);
  });

  it('lets only officers rule, and validates the ruling', async () => {
    const url = `/api/classification/requests/${radioId}/ruling`;
    const good = { code: '5A002.a.1', rationale: 'Symmetric encryption with a key length above 56 bits; information security function.' };
    expect((await t.as(null).post(url, good)).statusCode).toBe(401);
    for (const u of [exporter, exporterAdmin, oversight, adviser, customs]) expect((await t.as(u).post(url, good)).statusCode, u.role).toBe(403);

    const neither = await t.as(officer).post(url, { rationale: 'A rationale long enough.' });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().error.fields).toHaveProperty('code');
    const both = await t.as(officer).post(url, { ...good, notListed: true });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.fields).toHaveProperty('notListed');
    const badCode = await t.as(officer).post(url, { ...good, code: '5X002.a' });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.fields.code).toMatch(/not a EU control code/);
    const unknown = await t.as(officer).post(url, { ...good, code: '5A002.z.9' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields.code).toMatch(/not an entry of the EU control list/);
    const short = await t.as(officer).post(url, { ...good, rationale: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields).toHaveProperty('rationale');
    expect((await t.as(officer).post('/api/classification/requests/nope/ruling', good)).statusCode).toBe(404);
    expect((await t.as(exporter).get(`/api/classification/requests/${radioId}`)).json().ruling).toBeNull();

    const res = await t.as(officer).post(url, { ...good, code: ' 5a002.A.1 ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('ruled');
    expect(res.json().ruling).toMatchObject({ list: 'eu', code: '5A002.a.1', notListed: false, ruledBy: officer.email });
    expect(res.json().ruling.title).toBeTruthy();

    expect((await t.as(senior).post(url, { notListed: true, rationale: 'Second opinion should not overwrite.' })).statusCode).toBe(409);
    expect((await upload(exporter, radioId, 'late.pdf', 'application/pdf', PDF)).statusCode).toBe(409);
  });

  it('shows the ruling to the exporter, notifies them and audits every change', async () => {
    const res = await t.as(exporter).get(`/api/classification/requests/${radioId}`);
    expect(res.json().status).toBe('ruled');
    expect(res.json().ruling).toMatchObject({ code: '5A002.a.1', notListed: false });
    expect(res.json().ruling.ruledBy).toBeUndefined();
    const listed = await t.as(exporter).get('/api/classification/requests');
    expect(listed.json().requests[0].ruling.code).toBe('5A002.a.1');

    const n = await t.as(exporter).get('/api/notifications');
    const mine = n.json().notifications.filter((x: { kind: string }) => x.kind === 'classification.ruled');
    expect(mine).toHaveLength(1);
    expect(mine[0].title).toContain('5A002.a.1');
    expect(mine[0].link).toBe(`/classification/requests/${radioId}`);
    expect((await t.as(exporterB).get('/api/notifications')).json().notifications.filter((x: { kind: string }) => x.kind === 'classification.ruled')).toHaveLength(0);

    const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('subject_id', '=', radioId).orderBy('seq').execute();
    expect(audit.map((e) => e.action)).toEqual(['classification.request_filed', 'classification.datasheet_uploaded', 'classification.ruled']);
    expect(audit[2].actor_id).toBe(officer.id);

    expect((await t.as(adviser).get(`/api/classification/requests/${radioId}`)).statusCode).toBe(200);
    expect((await t.as(customs).get('/api/classification/requests')).json().total).toBe(1);
  });
});

describe('precedents and published rulings', () => {
  let pumpId: string;
  let sensorId: string;
  let pendingId: string;
  let leakyId: string;
  let pendingOther: string;

  beforeAll(async () => {
    const file = async (u: TestUser, body: object) => {
      const r = await t.as(u).post('/api/classification/requests', body);
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    pumpId = await file(exporterB, {
      productName: 'Vacuum pump',
      description: 'Turbomolecular vacuum pump, corrosion resistant, for laboratory use. Contact Hans at hans@exporter-b.example.',
      manufacturer: 'Pfeiffer',
      partNumber: 'TMP-700',
      publishPartNumber: true,
      parameters: [{ name: 'Pumping speed', value: '685', unit: 'l/s' }],
    });
    sensorId = await file(exporterB, {
      productName: 'Point-to-point radio link',
      description: 'Licensed-band microwave radio with encryption for backhaul.',
      manufacturer: 'Exporter B GmbH',
      partNumber: 'PTP-6000',
      parameters: [{ name: 'frequency', value: '6000', unit: 'MHz' }],
    });
    pendingId = await file(exporterB, { productName: 'Radio transceiver prototype', description: 'Encrypted radio, pending.', manufacturer: 'Exporter B GmbH' });
    pendingOther = await file(exporterB, { productName: 'Unruled widget', description: 'Waiting for a ruling.', manufacturer: 'Nobody' });
    expect((await t.as(senior).post(`/api/classification/requests/${pumpId}/ruling`, { notListed: true, rationale: 'Pumping speed and materials below the 2B231 thresholds.' })).statusCode).toBe(200);
    expect((await t.as(officer).post(`/api/classification/requests/${sensorId}/ruling`, { code: '5A002.a', rationale: 'Cryptographic function for data confidentiality.' })).statusCode).toBe(200);
  });

  it('needs a query and rejects malformed parameters', async () => {
    expect((await t.as(null).get('/api/classification/precedents?q=radio')).statusCode).toBe(401);
    const none = await t.as(officer).get('/api/classification/precedents');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields).toHaveProperty('q');
    const bad = await t.as(officer).get('/api/classification/precedents?param=frequency');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.param).toMatch(/name:value/);
  });

  it('finds similar products by text with the rating they got, best first', async () => {
    const res = await t.as(officer).get('/api/classification/precedents?q=encrypted%20wireless%20radio%20transceiver');
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results;
    expect(results.map((r: { requestId: string }) => r.requestId)).toEqual([radioId, sensorId]);
    expect(results[0].ruling).toMatchObject({ code: '5A002.a.1', notListed: false });
    expect(results[0].score).toBeGreaterThan(results[1].score);
    expect(results[0].organisation.name).toBe('Exporter A Ltd');
    // A pending request is not a precedent.
    expect(results.map((r: { requestId: string }) => r.requestId)).not.toContain(pendingId);

    const pump = await t.as(officer).get('/api/classification/precedents?q=turbomolecular%20pump');
    expect(pump.json().results[0]).toMatchObject({ requestId: pumpId, ruling: { notListed: true, code: null } });
  });

  it('finds products by technical parameters across units', async () => {
    const res = await t.as(officer).get('/api/classification/precedents?param=frequency:5800:MHz');
    const results = res.json().results;
    expect(results[0].requestId).toBe(radioId);
    expect(results[0].parameterScore).toBeCloseTo(1, 3);
    expect(results[1].requestId).toBe(sensorId);
    expect(results[1].parameterScore).toBeCloseTo(5800 / 6000, 2);
    expect(results.map((r: { requestId: string }) => r.requestId)).not.toContain(pumpId);

    const both = await t.as(officer).get('/api/classification/precedents?q=radio&param=frequency:6:GHz&param=output%20power:1:W');
    expect(both.json().results[0].matchedParameters).toEqual(expect.arrayContaining(['frequency']));

    const like = await t.as(officer).get(`/api/classification/precedents?like=${pendingId}`);
    expect(like.json().results[0].requestId).not.toBe(pendingId);
    expect(like.json().results.map((r: { requestId: string }) => r.requestId)).toContain(radioId);
    expect((await t.as(exporter).get(`/api/classification/precedents?like=${pendingId}`)).statusCode).toBe(404);
  });

  it('shows exporters their own precedents in full and other organisations\' redacted', async () => {
    const res = await t.as(exporterB).get('/api/classification/precedents?q=encrypted%20radio');
    const byRef = new Map(res.json().results.map((r: { reference: string }) => [r.reference, r]));
    const radioRef = (await t.as(officer).get(`/api/classification/requests/${radioId}`)).json().reference;
    const other = byRef.get(radioRef) as Record<string, any>;
    expect(other.view).toBe('redacted');
    expect(other.own).toBe(false);
    expect(other.requestId).toBeNull();
    expect(other.organisation).toBeNull();
    expect(other.partNumber).toBeNull();
    expect(other.manufacturer).toBe('[organisation]');
    expect(other.description).not.toMatch(/Exporter A|ops@|7946/);
    expect(other.ruling.code).toBe('5A002.a.1');
    const own = res.json().results.find((r: { requestId: string | null }) => r.requestId === sensorId);
    expect(own).toMatchObject({ view: 'full', own: true, partNumber: 'PTP-6000', organisation: { name: 'Exporter B GmbH' } });
  });

  it('publishes nothing merely because it was ruled: publication is a separate, reviewed step', async () => {
    const res = await t.as(null).get('/api/public/rulings');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ total: 0, rulings: [] });
  });

  it('never shows another organisation the names, part numbers or emails typed into parameters', async () => {
    const filed = await t.as(exporterB).post('/api/classification/requests', {
      productName: 'Leaky radio',
      description: 'Encrypted radio link built by Exporter B for harbour security.',
      manufacturer: 'Exporter B GmbH',
      partNumber: 'AX-2000/B',
      parameters: [
        { name: 'Frequency', value: '5.8', unit: 'GHz' },
        { name: 'Contact', value: 'hans.k@exporter-b.example' },
        { name: 'Model', value: 'AX2000B rev 3' },
        { name: 'Built by', value: 'EXPORTER B' },
      ],
    });
    expect(filed.statusCode, filed.body).toBe(201);
    leakyId = filed.json().id;
    expect((await t.as(officer).post(`/api/classification/requests/${leakyId}/ruling`, { code: '5A002.a', rationale: 'Encryption for confidentiality; Exporter B confirmed AES.' })).statusCode).toBe(200);
    const res = await t.as(exporter).get('/api/classification/precedents?q=leaky%20encrypted%20radio');
    const hit = res.json().results.find((r: { reference: string }) => r.reference === filed.json().reference);
    expect(hit.view).toBe('redacted');
    const shown = JSON.stringify(hit);
    for (const secret of ['Exporter B', 'EXPORTER B', 'hans.k@', 'AX-2000', 'AX2000B']) expect(shown, secret).not.toContain(secret);
    expect(hit.parameters.find((p: { name: string }) => p.name === 'Frequency')).toEqual({ name: 'Frequency', value: '5.8', unit: 'GHz' });
  });

  it('shows the officer a preview of exactly what will be published, then publishes that and nothing else', async () => {
    const summary = 'Exporter B asked about the AX 2000 B link; write to hans.k@exporter-b.example. Symmetric encryption for confidentiality puts it in 5A002.a.';
    expect((await t.as(exporter).post(`/api/classification/requests/${leakyId}/publication/preview`, { publicSummary: summary })).statusCode).toBe(403);
    const unknown = await t.as(officer).post(`/api/classification/requests/${leakyId}/publication/preview`, { publicSummary: summary, parameters: ['Colour'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields['parameters.0']).toMatch(/not a parameter/);
    const notRuled = await t.as(officer).post(`/api/classification/requests/${pendingOther}/publication/preview`, { publicSummary: summary });
    expect(notRuled.statusCode).toBe(409);

    const preview = await t.as(officer).post(`/api/classification/requests/${leakyId}/publication/preview`, { publicSummary: summary, parameters: ['frequency', 'Contact'] });
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p.alreadyPublished).toBe(false);
    expect(p.publication.publicSummary).toBe('[organisation] asked about the [part number] link; write to [email removed]. Symmetric encryption for confidentiality puts it in 5A002.a.');
    expect(p.removed).toEqual(expect.arrayContaining(['Exporter B', 'hans.k@exporter-b.example']));
    expect(p.publication.description).toBeNull();
    expect(p.notes.join(' ')).toMatch(/did not consent to publishing the product description/);
    expect(p.publication.parameters).toEqual([
      { name: 'Frequency', value: '5.8', unit: 'GHz' },
      { name: 'Contact', value: '[email removed]', unit: null },
    ]);
    expect(p.publication.rating).toMatchObject({ list: 'eu', code: '5A002.a', notListed: false });

    const published = await t.as(officer).post(`/api/classification/requests/${leakyId}/publication`, { publicSummary: summary, parameters: ['frequency', 'Contact'] });
    expect(published.statusCode, published.body).toBe(201);
    const { publishedAt, ...asPublished } = published.json();
    expect(asPublished).toEqual(p.publication);
    expect(publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await t.as(senior).post(`/api/classification/requests/${leakyId}/publication`, { publicSummary: summary })).statusCode).toBe(409);

    const pub = await t.as(null).get('/api/public/rulings');
    expect(pub.json().total).toBe(1);
    for (const secret of ['Exporter B', 'EXPORTER', 'hans', 'AX-2000', 'AX2000B', 'AX 2000', 'Leaky radio', 'harbour', officer.email, exporterB.email]) expect(pub.body.toLowerCase(), secret).not.toContain(secret.toLowerCase());
    const ruling = pub.json().rulings[0];
    expect(Object.keys(ruling).sort()).toEqual(['description', 'parameters', 'partNumber', 'publicSummary', 'publishedAt', 'rating', 'reference']);
    expect(ruling.parameters.map((x: { name: string }) => x.name)).toEqual(['Frequency', 'Contact']);
    const audit = await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', leakyId).execute();
    expect(audit.map((a) => a.action)).toContain('classification.ruling_published');
  });

  it('publishes the description and part number only with the exporter\'s consent, and searches only published words', async () => {
    const filed = await t.as(exporterB).post('/api/classification/requests', {
      productName: 'Dry scroll pump',
      description: 'Dry scroll vacuum pump by Exporter B for semiconductor fabs.',
      manufacturer: 'Edwards',
      partNumber: 'XDS-35',
      publishPartNumber: true,
      publishDescription: true,
      parameters: [{ name: 'Pumping speed', value: '35', unit: 'm3/h' }],
    });
    expect(filed.json().publishDescription).toBe(true);
    const id = filed.json().id;
    expect((await t.as(senior).post(`/api/classification/requests/${id}/ruling`, { notListed: true, rationale: 'Pumping speed well below the 2B231 threshold.' })).statusCode).toBe(200);
    const res = await t.as(senior).post(`/api/classification/requests/${id}/publication`, { publicSummary: 'A dry vacuum pump below the 2B231 pumping-speed threshold: not listed.', parameters: ['pumping speed'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ description: 'Dry scroll vacuum pump by [organisation] for semiconductor fabs.', partNumber: 'XDS-35', rating: { notListed: true, code: null } });
    const byText = await t.as(null).get('/api/public/rulings?q=vacuum%20pump');
    expect(byText.json().rulings.map((r: { reference: string }) => r.reference)).toEqual([filed.json().reference]);
    expect(byText.json().rulings[0].score).toBeGreaterThan(0);
    // The manufacturer and the product name were never published, so they cannot be searched for either.
    expect((await t.as(null).get('/api/public/rulings?q=edwards')).json().total).toBe(0);
    expect((await t.as(null).get('/api/public/rulings?q=leaky')).json().total).toBe(0);
    const byCode = await t.as(null).get('/api/public/rulings?code=5A002');
    expect(byCode.json().rulings.map((r: { rating: { code: string } }) => r.rating.code)).toEqual(['5A002.a']);
    expect((await t.as(null).get('/api/public/rulings?limit=0')).statusCode).toBe(400);
  });

  it('adds a new ruling to the precedents at once (the search index follows new rulings)', async () => {
    expect((await t.as(officer).get('/api/classification/precedents?q=prototype')).json().total).toBe(0);
    const r = await t.as(officer).post(`/api/classification/requests/${pendingId}/ruling`, { code: '5A002.a', rationale: 'Same cryptographic function as its predecessor.' });
    expect(r.statusCode, r.body).toBe(200);
    const found = await t.as(officer).get('/api/classification/precedents?q=prototype');
    expect(found.json().results.map((x: { requestId: string }) => x.requestId)).toEqual([pendingId]);
    // Ruled is not published.
    expect((await t.as(null).get('/api/public/rulings')).json().total).toBe(2);
  });
});

describe('concurrency', () => {
  it('files once per Idempotency-Key: a retry returns the request already filed', async () => {
    const body = { productName: 'Retry test item', description: 'Filed twice with one key.', manufacturer: 'Nobody' };
    const before = (await t.as(exporter).get('/api/classification/requests')).json().total;
    const bad = await t.as(exporter).post('/api/classification/requests', body, { 'idempotency-key': 'has space' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['idempotency-key']);
    const key = `k-${Date.now()}`;
    const [a, b] = await Promise.all([
      t.as(exporter).post('/api/classification/requests', body, { 'idempotency-key': key }),
      t.as(exporter).post('/api/classification/requests', body, { 'idempotency-key': key }),
    ]);
    expect(a.statusCode, a.body).toBe(201);
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    expect((await t.as(exporter).get('/api/classification/requests')).json().total).toBe(before + 1);
    // The key is per user: another user's same key files a new request.
    const other = await t.as(exporterAdmin).post('/api/classification/requests', body, { 'idempotency-key': key });
    expect(other.json().id).not.toBe(a.json().id);
  });

  it('lets exactly one of two simultaneous rulings win (the other is 409)', async () => {
    const filed = await t.as(exporter).post('/api/classification/requests', { productName: 'Race test item', description: 'Filed to be ruled twice at once.', manufacturer: 'Nobody' });
    const url = `/api/classification/requests/${filed.json().id}/ruling`;
    const [a, b] = await Promise.all([
      t.as(officer).post(url, { notListed: true, rationale: 'First officer: not listed.' }),
      t.as(senior).post(url, { notListed: true, rationale: 'Second officer: not listed.' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const rulings = await t.deps.db.selectFrom('classification_rulings').selectAll().where('request_id', '=', filed.json().id).execute();
    expect(rulings).toHaveLength(1);
  });
});
