import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { JobRunner } from '../../platform/jobs/jobs.js';
import { seedScreening } from '../screening/lists.service.js';
import { declaration, issueLicence, officers, ok } from './customs.fixtures.js';
import { customsModule } from './index.js';
import { CSV_COLUMNS } from './batch.parse.js';

let t: TestApp;
let exporter: TestUser;
let exporterB: TestUser;

beforeAll(async () => {
  t = await createTestApp({ clock: new FixedClock(new Date('2026-03-10T09:00:00Z')) });
  await seedScreening(t.deps, ['bis-dpl']);
  exporter = await t.user('exporter');
  exporterB = await t.user('exporter', { org: 'Exporter B GmbH' });
}, 120_000);
afterAll(async () => t?.close());

const send = (u: TestUser, type: string, payload: string) => t.as(u).inject({ method: 'POST', url: '/api/customs/declarations', payload, headers: { 'content-type': type } });

describe('declaration batches', () => {
  it('runs an NDJSON batch as a job with progress and a per-line result file, with the same checks as one declaration', async () => {
    const lic = await issueLicence(t, exporter, await officers(t));
    const auth = { kind: 'individual', reference: lic.reference };
    const decls = [
      declaration({}, { quantity: 6, value: 6000, authorisation: auth }),
      declaration({}, { quantity: 6, value: 6000, authorisation: auth }), // only 4 remain: held
      declaration({ destination: 'NZ' }, { quantity: 1, value: 1, authorisation: auth }),
    ];
    decls[2]!.items.push({ line: 2, hsCode: '852691', description: 'x', controlCode: '6A008', quantity: 1, unit: 'items', value: 1, currency: 'GBP', authorisation: { kind: 'individual', reference: 'NO/SUCH/LICENCE' } } as never);
    const res = await send(exporter, 'application/x-ndjson', decls.map((d) => JSON.stringify(d)).join('\n') + '\n');
    expect(res.statusCode, res.body).toBe(202);
    const batch = res.json().batch;
    expect(batch).toMatchObject({ status: 'queued', declarations: 3, lines: 4 });
    expect((await t.as(exporter).get(`/api/customs/batches/${batch.id}/results`)).statusCode).toBe(400);
    const runner = new JobRunner(t.deps, customsModule.jobs!, 10);
    expect(await runner.runOnce()).toBeGreaterThanOrEqual(1);
    const done = (await ok(t.as(exporter).get(`/api/customs/batches/${batch.id}`))).batch;
    expect(done).toMatchObject({ status: 'done', doneLines: 4, released: 1, held: 2, rejected: 1 });
    const job = await ok(t.as(exporter).get(`/api/jobs/${batch.jobId}`));
    expect(job.status ?? job.job?.status).toBe('succeeded');
    const lines = (await t.as(exporter).get(`/api/customs/batches/${batch.id}/results`)).body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.reference, l.line, l.status])).toEqual([
      [decls[0]!.reference, 1, 'released'],
      [decls[1]!.reference, 1, 'held'],
      [decls[2]!.reference, 1, 'held'],
      [decls[2]!.reference, 2, 'rejected'],
    ]);
    expect(lines[1].reasons.map((r: { code: string }) => r.code)).toEqual(['quantity_exceeds_remaining', 'value_exceeds_remaining']);
    expect((await t.as(exporterB).get(`/api/customs/batches/${batch.id}`)).statusCode).toBe(404);
    // Re-sending the same batch is idempotent: every declaration comes back as a duplicate, nothing more is used.
    const again = (await send(exporter, 'application/x-ndjson', decls.map((d) => JSON.stringify(d)).join('\n'))).json().batch;
    await runner.runOnce();
    const lines2 = (await t.as(exporter).get(`/api/customs/batches/${again.id}/results`)).body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines2.every((l) => l.outcome === 'duplicate')).toBe(true);
    expect((await ok(t.as(exporter).get(`/api/customs/licences/${lic.id}`))).goods[0].shippedQuantity).toBe(6);
  });

  it('accepts CSV (one item per row) and rejects a broken batch whole, naming the line and field', async () => {
    const d = declaration({}, { authorisation: null });
    const row = (ref: string, line: number, qty: string) =>
      [ref, d.date, 'export', 'GB000060', 'Fixture Freight', 'GB', '', 'Exporter A Ltd', 'GB', '', 'Wallaby Harbour Systems Pty', 'AU', '', '', '', 'AU', 'GB', '', String(line), '8526.91', 'Radar', '6A008', qty, 'items', '10', 'GBP', '', ''].join(',');
    const good = [CSV_COLUMNS.join(','), row('CSV-1', 1, '2'), row('CSV-1', 2, '1'), row('CSV-2', 1, '1')].join('\n');
    const ok1 = await send(exporter, 'text/csv', good);
    expect(ok1.statusCode, ok1.body).toBe(202);
    expect(ok1.json().batch).toMatchObject({ declarations: 2, lines: 3 });
    const stored = (await t.deps.db.selectFrom('customs_batches').select('id').execute()).length;
    const bad = [CSV_COLUMNS.join(','), row('CSV-3', 1, '2'), row('CSV-4', 1, 'lots')].join('\n');
    const r = await send(exporter, 'text/csv', bad);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.fields).toEqual({ 'line 3.items.0.quantity': expect.stringMatching(/number/i) });
    expect(await t.deps.db.selectFrom('customs_batches').select('id').execute()).toHaveLength(stored); // the broken one stored nothing
    const nd = await send(exporter, 'application/x-ndjson', `${JSON.stringify(d)}\n{"reference": 1\n`);
    expect(nd.statusCode).toBe(400);
    expect(Object.keys(nd.json().error.fields)).toEqual(['line 2']);
  });
});
