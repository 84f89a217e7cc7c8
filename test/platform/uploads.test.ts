import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../helpers/app.js';

let t: TestApp;
let exporter: TestUser;
const targets: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  exporter = await t.user('exporter');
  // Real targets the exporter owns, so the endpoints reach the upload itself (a made-up id stops at a 404 first).
  const request = await t.as(exporter).post('/api/classification/requests', {
    productName: 'Wireless mesh radio transceiver',
    description: 'Outdoor point-to-multipoint radio for 5.8 GHz links with AES-256 encryption.',
    manufacturer: 'Exporter A Ltd',
    parameters: [{ name: 'Frequency', value: '5.8', unit: 'GHz' }],
  });
  expect(request.statusCode, request.body).toBe(201);
  const application = await t.as(exporter).post('/api/applications', {
    exportType: 'permanent',
    destination: 'AU',
    endUse: 'Integration into maritime patrol radar systems',
    declarations: { militaryEndUse: true, wmdInformed: false, wmdSuspected: false, humanitarian: false, accepted: true },
    goods: [{ description: 'Military radar transceiver module', rating: 'ML5', quantity: 10, unit: 'items', value: 250000, currency: 'GBP' }],
    parties: [{ role: 'end_user', name: 'Department of Defence Australia', address: 'Russell Offices, Canberra', country: 'AU' }],
  });
  expect(application.statusCode, application.body).toBe(201);
  targets.classification = `/api/classification/requests/${request.json().id}/datasheet`;
  targets.application = `/api/applications/${application.json().id}/documents`;
  targets.screening = '/api/screening/batch';
});
afterAll(async () => t?.close());

const BOUNDARY = 'cwtestboundary';
const part = (name: string, body: string, file?: { filename: string; type: string }) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file.filename}"\r\nContent-Type: ${file.type}` : ''}\r\n\r\n${body}\r\n`;
/** A well-formed upload each endpoint accepts: proves the endpoint and the caller get as far as reading the file. */
const GOOD: Record<string, string> = {
  classification: part('file', 'Datasheet: 5.8 GHz radio, 1 W output.', { filename: 'datasheet.txt', type: 'text/plain' }) + `--${BOUNDARY}--\r\n`,
  application: part('kind', 'end_user_undertaking') + part('file', '%PDF-1.4\n%%EOF\n', { filename: 'euu.pdf', type: 'application/pdf' }) + `--${BOUNDARY}--\r\n`,
  screening: part('file', 'id,name,country\r\n1,Acme Trading,GB\r\n', { filename: 'parties.csv', type: 'text/csv' }) + `--${BOUNDARY}--\r\n`,
};

// Every multipart endpoint must answer a broken upload with a 4xx naming the problem, never a 500.
describe('broken multipart uploads', () => {
  for (const key of ['screening', 'classification', 'application']) {
    it(`${key}: a well-formed upload is accepted, while no boundary and a truncated body are a 4xx about the upload`, async () => {
      const url = targets[key]!;
      const good = await t.as(exporter).inject({ method: 'POST', url, payload: GOOD[key], headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
      expect(good.statusCode, good.body).toBeGreaterThanOrEqual(200);
      expect(good.statusCode, good.body).toBeLessThan(300);

      const noBoundary = await t.as(exporter).inject({ method: 'POST', url, payload: 'garbage', headers: { 'content-type': 'multipart/form-data' } });
      expect(noBoundary.statusCode, noBoundary.body).toBeGreaterThanOrEqual(400);
      expect(noBoundary.statusCode, noBoundary.body).toBeLessThan(500);
      expect([401, 403, 404], noBoundary.body).not.toContain(noBoundary.statusCode);
      const truncated = await t.as(exporter).inject({
        method: 'POST',
        url,
        payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nid,name\r\n1,Acme`,
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      });
      expect(truncated.statusCode, truncated.body).toBeGreaterThanOrEqual(400);
      expect(truncated.statusCode, truncated.body).toBeLessThan(500);
      expect([401, 403, 404], truncated.body).not.toContain(truncated.statusCode);
      expect(truncated.json().error.code).toBeTruthy();
    });
  }
});
