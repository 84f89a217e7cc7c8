import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/domains/identity/identity.service.js';
import { ctxFor } from '../src/platform/context.js';
import { SYSTEM_ACTOR } from '../src/platform/auth/roles.js';
import { JobRunner } from '../src/platform/jobs/jobs.js';
import { declaration } from '../src/domains/customs/customs.fixtures.js';
import { riskModule } from '../src/domains/risk/index.js';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';

let e: E2E;
const users: Record<string, { email: string }> = {};

beforeAll(async () => {
  e = await startE2E();
  const customs = await e.user('customs_officer');
  users.customs = customs;
  users.enforcement = await e.user('enforcement_officer');
  // The customs system declares by API (Bearer token): two shipments toward sanctioned end users via hubs, one clean.
  const tok = (await createApiToken(ctxFor(e.server.deps, SYSTEM_ACTOR, 'e2e'), 'e2e', customs.id)).token;
  const gl = { authorisation: { kind: 'general', reference: 'EU001' } };
  const decls = [
    declaration({ reference: 'E2E-RISK-HUB', destination: 'AM', transit: ['TR'], consignee: { name: 'Ararat Components', country: 'AM' }, endUser: { name: 'Volga Instruments', country: 'RU' } }, gl),
    declaration({ reference: 'E2E-RISK-KZ', destination: 'KZ', consignee: { name: 'Steppe Supply', country: 'KZ' }, endUser: { name: 'Minsk Optics', country: 'BY' } }, gl),
    declaration({ reference: 'E2E-RISK-CLEAN' }, { ...gl, controlCode: '2B006' }),
  ];
  for (const d of decls) {
    const r = await e.server.app.inject({ method: 'POST', url: '/api/customs/declarations', headers: { authorization: `Bearer ${tok}` }, payload: d });
    if (r.statusCode !== 201) throw new Error(`declare: ${r.statusCode} ${r.body}`);
  }
}, 120_000);
afterAll(async () => {
  await e?.server.close();
  await new Promise((r) => setTimeout(r, 300));
  await e?.close();
});

describe('risk journey', () => {
  it('an enforcement officer scans, reads why an alert was raised and escalates it; a customs officer on a phone draws an inspection list with a random share', async () => {
    const en = await e.newPage();
    await en.setViewportSize({ width: 1280, height: 900 });
    await e.signIn(en, users.enforcement!.email);
    await en.goto('/risk/alerts');
    await en.getByRole('button', { name: 'Scan new declarations' }).click();
    await expectText(en.getByRole('status'), /queued|running|done/);
    expect(await new JobRunner(e.server.deps, riskModule.jobs!, 10).runOnce()).toBe(1);
    await en.reload();
    await expectText(en.getByRole('status'), /done 3 of 3 declarations/);
    const table = en.getByRole('table', { name: /Alerts, highest score first/ });
    await expectText(table, /E2E-RISK-HUB/);
    expect(await table.textContent()).not.toMatch(/E2E-RISK-CLEAN/);
    await en.getByRole('link', { name: 'E2E-RISK-HUB' }).click();
    await expectText(en.getByRole('heading', { level: 1 }), 'Alert: E2E-RISK-HUB');
    const why = en.getByRole('table', { name: 'Signals that raised this alert' });
    await expectText(why, /Transshipment via a hub.*via TR toward RU/s);
    await en.getByLabel('Case reference (optional)').fill('INV-2026-014');
    await en.getByRole('button', { name: 'Escalate' }).click();
    await expectText(en.locator('main'), /Escalated to investigation \(INV-2026-014\)/);
    await expectText(en.locator('main'), /confirmed/);

    const co = await e.newPage();
    await co.setViewportSize({ width: 390, height: 844 });
    await e.signIn(co, users.customs!.email);
    await co.goto('/risk/targeting');
    await co.getByLabel('How many').fill('2');
    await co.getByLabel('Random share for deterrence (%)').fill('50');
    await co.getByRole('button', { name: 'Draw the list' }).click();
    const list = co.getByRole('table', { name: /2 chosen, 50 % at random/ });
    await expectVisible(list);
    await expectText(list, /E2E-RISK-KZ.*BY/s);
    await expectText(list, /random.*Random selection for deterrence/s);
    expect(await co.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }, 150_000);
});
