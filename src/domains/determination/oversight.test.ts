import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { seedPacks } from './determination.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedPacks(t.deps, ['eu']);
});
afterAll(async () => t?.close());

const body = { policy: 'eu', destination: 'JP', endUse: 'civil', items: [{ code: '1A002', value: 1000 }] };
const stored = async () => Number((await t.deps.db.selectFrom('determinations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('oversight and determinations', () => {
  it('answers oversight without storing anything, while an exporter\'s determination is stored', async () => {
    const oversight = await t.user('oversight');
    const before = await stored();
    const res = await t.as(oversight).post('/api/determinations', body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items[0].code).toBe('1A002');
    expect(await stored()).toBe(before);
    const exporter = await t.user('exporter');
    expect((await t.as(exporter).post('/api/determinations', body)).statusCode).toBe(200);
    expect(await stored()).toBe(before + 1);
  });
});
