import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { seedScreening } from '../screening/lists.service.js';
import { issueLicence, officers, ok } from './customs.fixtures.js';

const run = promisify(execFile);
let t: TestApp;
let exporter: TestUser;

beforeAll(async () => {
  t = await createTestApp({ clock: new FixedClock(new Date('2026-03-10T09:00:00Z')) });
  await seedScreening(t.deps, ['bis-dpl']);
  exporter = await t.user('exporter');
}, 120_000);
afterAll(async () => t?.close());

describe('usage under concurrent declarations', () => {
  it('two processes declaring against one licence good never take it past what was licensed', async () => {
    const lic = await issueLicence(t, exporter, await officers(t)); // 10 items, 10,000 GBP
    const worker = (prefix: string) =>
      run('npx', ['tsx', 'src/domains/customs/concurrency.worker.ts', exporter.organisationId, lic.reference, '8', prefix], { env: { ...process.env, DATABASE_URL: t.deps.config.databaseUrl, TZ: 'UTC' }, timeout: 120_000 });
    const [a, b] = await Promise.all([worker('P1'), worker('P2')]);
    const ra = JSON.parse(a.stdout.trim().split('\n').at(-1)!);
    const rb = JSON.parse(b.stdout.trim().split('\n').at(-1)!);
    // 16 one-item lines against 10 licensed: exactly 10 released in total, 6 held, whichever process won each race.
    expect(ra.released + rb.released).toBe(10);
    expect(ra.held + rb.held).toBe(6);
    const good = (await ok(t.as(exporter).get(`/api/customs/licences/${lic.id}`))).goods[0];
    expect([good.shippedQuantity, good.remainingQuantity, good.shippedValue]).toEqual([10, 0, 1000]);
    const consumed = await t.deps.db.selectFrom('customs_lines').select(['quantity']).where('licence_id', '=', lic.id).where('consumed', '=', 1).execute();
    expect(consumed.reduce((s, l) => s + Number(l.quantity), 0)).toBe(10);
  }, 240_000);
});
