import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../helpers/app.js';

let t: TestApp;
let exporter: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  exporter = await t.user('exporter');
});
afterAll(async () => t?.close());

// Every multipart endpoint must answer a broken upload with a 4xx, never a 500.
const ENDPOINTS = ['/api/screening/batch', '/api/classification/requests/00000000-0000-0000-0000-000000000000/datasheet', '/api/applications/00000000-0000-0000-0000-000000000000/documents'];

describe('broken multipart uploads', () => {
  for (const url of ENDPOINTS) {
    it(`${url}: no boundary and a truncated body are 4xx`, async () => {
      const noBoundary = await t.as(exporter).inject({ method: 'POST', url, payload: 'garbage', headers: { 'content-type': 'multipart/form-data' } });
      expect(noBoundary.statusCode, noBoundary.body).toBeGreaterThanOrEqual(400);
      expect(noBoundary.statusCode, noBoundary.body).toBeLessThan(500);
      const truncated = await t.as(exporter).inject({
        method: 'POST',
        url,
        payload: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nid,name\r\n1,Acme',
        headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      });
      expect(truncated.statusCode, truncated.body).toBeGreaterThanOrEqual(400);
      expect(truncated.statusCode, truncated.body).toBeLessThan(500);
      expect(truncated.json().error.code).toBeTruthy();
    });
  }
});
