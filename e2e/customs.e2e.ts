import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedScreening } from '../src/domains/screening/lists.service.js';
import { createApiToken } from '../src/domains/identity/identity.service.js';
import { ctxFor } from '../src/platform/context.js';
import { SYSTEM_ACTOR } from '../src/platform/auth/roles.js';
import type { TestApp, TestUser } from '../test/helpers/app.js';
import { declaration, issueLicence, ok, seedReference } from '../src/domains/customs/customs.fixtures.js';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';

let e: E2E;
type U = { id: string; email: string; organisationId: string; token: string; role: string };
const users: Record<string, U> = {};

/** The fixtures' TestApp shape over the running server (Bearer tokens): the declarant's system posts declarations by API. */
const api = () =>
  ({
    deps: e.server.deps,
    as: (u: TestUser) => {
      const send = (method: 'GET' | 'POST', url: string, body?: unknown) => e.server.app.inject({ method, url, headers: { authorization: `Bearer ${u.token}` }, ...(body !== undefined ? { payload: body as object } : {}) });
      return { get: (url: string) => send('GET', url), post: (url: string, body?: unknown) => send('POST', url, body ?? {}) };
    },
  }) as unknown as TestApp;

beforeAll(async () => {
  e = await startE2E();
  await seedReference({ deps: e.server.deps });
  await seedScreening(e.server.deps, ['bis-dpl']);
  for (const role of ['exporter', 'licensing_officer', 'senior_officer', 'adviser', 'customs_officer'] as const) {
    const u = await e.user(role);
    const tok = await createApiToken(ctxFor(e.server.deps, SYSTEM_ACTOR, 'e2e'), 'e2e', u.id);
    users[role] = { ...u, token: tok.token, role };
  }
}, 120_000);
afterAll(async () => {
  await e?.server.close();
  await new Promise((r) => setTimeout(r, 300));
  await e?.close();
});

describe('customs journey', () => {
  it('a licence used until exhausted, the fourth declaration held, released by customs after a licensing officer amends the licence; a cancellation restores the balance; a general licence used without registration held', async () => {
    const t = api();
    const u = (k: string) => users[k] as unknown as TestUser;
    const lic = await issueLicence(t, u('exporter'), { officer: u('licensing_officer'), senior: u('senior_officer'), adviser: u('adviser') });
    const today = new Date().toISOString().slice(0, 10);
    const use = (quantity: number, value: number) => declaration({ date: today }, { quantity, value, authorisation: { kind: 'individual', reference: lic.reference } });
    const declared = [];
    for (const [q, v] of [[3, 3000], [3, 3000], [4, 4000], [1, 500]] as const) declared.push((await ok(t.as(u('exporter')).post('/api/customs/declarations', use(q, v)))).declaration);
    expect(declared.map((d) => d.lines[0].status)).toEqual(['released', 'released', 'released', 'held']);
    const glDecl = (await ok(t.as(u('exporter')).post('/api/customs/declarations', declaration({ date: today, destination: 'CA', consignee: { name: 'Maple Leaf Instruments Inc', country: 'CA' }, endUser: null }, { controlCode: '3A001.a.1', authorisation: { kind: 'general', reference: 'EU001' } })))).declaration;
    expect(glDecl.lines[0].status).toBe('held');

    const licTable = (page: import('playwright-core').Page) => page.getByRole('table', { name: new RegExp(`Licence ${lic.reference.replace(/\//g, '\\/')}`) });

    // Licensing officer, desktop: looks the licence up (nothing left) and amends it to 11 items, 10,500 GBP.
    const lo = await e.newPage();
    await lo.setViewportSize({ width: 1280, height: 900 });
    await e.signIn(lo, users.licensing_officer!.email);
    await lo.goto('/customs/licences');
    await lo.getByLabel('Licence reference').fill(lic.reference);
    await lo.getByRole('button', { name: 'Look up' }).click();
    await expectText(licTable(lo), /10 items.*10 items.*0 items/s);
    const amend = lo.getByRole('form', { name: `Amend licence ${lic.reference}` });
    await amend.getByLabel('Licensed quantity (items)').fill('11');
    await amend.getByLabel('Licensed value (GBP)').fill('10500');
    await amend.getByLabel('Reason for the amendment').fill('One more unit agreed with the consignee (letter of 9 March)');
    await amend.getByRole('button', { name: 'Amend licence' }).click();
    await expectText(amend.getByRole('status'), /version 2/);
    await expectText(licTable(lo), /11 items.*10 items.*1 items/s);

    // Customs officer, phone-sized: the holds queue shows the reasons and the licence; releases the held line after the amendment.
    const co = await e.newPage();
    await co.setViewportSize({ width: 390, height: 844 });
    await e.signIn(co, users.customs_officer!.email);
    await co.goto('/customs/holds');
    const hold = co.getByRole('region', { name: `Hold ${declared[3].reference} line 1` });
    await expectText(hold, /licence_exhausted/);
    await expectText(hold, new RegExp(`Licence ${lic.reference.replace(/\//g, '\\/')}`));
    const glHold = co.getByRole('region', { name: `Hold ${glDecl.reference} line 1` });
    await expectText(glHold, /general_licence_not_registered/);
    await hold.getByLabel(`Reason for ${declared[3].reference} line 1`).fill('Licence amended to 11 items; checked the goods');
    await hold.getByRole('button', { name: 'Release' }).click();
    await co.getByRole('region', { name: `Hold ${declared[3].reference} line 1` }).waitFor({ state: 'detached' });
    await expectVisible(co.getByRole('region', { name: `Hold ${glDecl.reference} line 1` }));

    // Exporter, desktop: nothing left; cancels the third declaration and 4 items come back.
    const ex = await e.newPage();
    await ex.setViewportSize({ width: 1280, height: 900 });
    await e.signIn(ex, users.exporter!.email);
    await ex.goto('/customs/licences');
    await expectText(licTable(ex), /11 items.*11 items.*0 items/s);
    await ex.goto('/customs/declarations');
    await ex.getByRole('link', { name: declared[2].reference }).click();
    await expectText(ex.getByRole('heading', { level: 1 }), `Declaration ${declared[2].reference}`);
    await ex.getByLabel('Cancellation reason').fill('The shipment did not leave');
    await ex.getByRole('button', { name: 'Cancel declaration' }).click();
    await expectText(ex.locator('main'), /cancelled: The shipment did not leave/);
    await ex.goto('/customs/licences');
    await expectText(licTable(ex), /11 items.*7 items.*4 items/s);
    const bal = await ok(t.as(u('exporter')).get(`/api/customs/licences/${lic.id}`));
    expect(bal.goods[0].remainingQuantity).toBe(4);
  }, 180_000);
});
