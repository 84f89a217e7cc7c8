import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedScreening } from '../src/domains/screening/lists.service.js';
import { createApiToken } from '../src/domains/identity/identity.service.js';
import { ctxFor } from '../src/platform/context.js';
import { SYSTEM_ACTOR } from '../src/platform/auth/roles.js';
import type { TestApp, TestUser } from '../test/helpers/app.js';
import { declaration, issueLicence, ok, seedReference } from '../src/domains/customs/customs.fixtures.js';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';

let e: E2E;
type U = { id: string; email: string; organisationId: string; token: string };
const users: Record<string, U> = {};
const END_USER = { name: 'Falcon Dunes Trading LLC', country: 'AE' };

/** The fixtures' TestApp shape over the running server (Bearer tokens). */
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
  for (const role of ['exporter', 'licensing_officer', 'senior_officer', 'adviser'] as const) {
    const u = await e.user(role);
    users[role] = { ...u, token: (await createApiToken(ctxFor(e.server.deps, SYSTEM_ACTOR, 'e2e'), 'e2e', u.id)).token };
  }
  const agent = await e.user('adviser', { org: 'Embassy Abu Dhabi', orgKind: 'partner_agency' });
  users.agent = { ...agent, token: '' };
}, 120_000);
afterAll(async () => {
  await e?.server.close();
  await new Promise((r) => setTimeout(r, 300));
  await e?.close();
});

describe('end-use check journey', () => {
  it('a shipped licence proposed by the scheduler, accepted and assigned; the embassy reports unfavourable on a phone; the officer lists the party; the reliability record shows it', async () => {
    const t = api();
    const u = (k: string) => users[k] as unknown as TestUser;
    const lic = await issueLicence(t, u('exporter'), { officer: u('licensing_officer'), senior: u('senior_officer'), adviser: u('adviser') }, { destination: 'AE', consignee: { name: 'Gulf Harbour Logistics FZE', country: 'AE' }, endUser: END_USER });
    const today = new Date().toISOString().slice(0, 10);
    const dec = declaration({ date: today, destination: 'AE', consignee: { name: 'Gulf Harbour Logistics FZE', country: 'AE', address: '1 Port Road' }, endUser: END_USER }, { authorisation: { kind: 'individual', reference: lic.reference } });
    expect((await ok(t.as(u('exporter')).post('/api/customs/declarations', dec))).declaration.lines[0].status).toBe('released');

    // Officer, desktop: runs the scheduler, reads the explained score, accepts, assigns to the embassy.
    const off = await e.newPage();
    await off.setViewportSize({ width: 1280, height: 900 });
    await e.signIn(off, users.licensing_officer!.email);
    await off.goto('/verification/proposals');
    await off.getByRole('button', { name: 'Run the scheduler now' }).click();
    const proposal = off.getByRole('region', { name: `Proposal ${END_USER.name}` });
    await expectText(proposal, /diversion hub \(AE\)/);
    await proposal.getByRole('button', { name: 'Accept' }).click();
    await off.goto('/verification');
    await off.getByRole('link', { name: /^EUC-/ }).first().click();
    await off.getByLabel('Partner agency user').selectOption({ label: `Embassy Abu Dhabi: ${users.agent!.email}` });
    await off.getByRole('button', { name: 'Assign' }).click();
    await expectText(off.locator('main'), /assigned/);

    // Embassy user, phone-sized: sees only its check; a report without findings is refused with a human message.
    const emb = await e.newPage();
    await emb.setViewportSize({ width: 390, height: 844 });
    await e.signIn(emb, users.agent!.email);
    await emb.goto('/verification');
    await expectText(emb.getByRole('heading', { level: 1 }), 'My end-use checks');
    await emb.getByRole('link', { name: /^EUC-/ }).first().click();
    await emb.getByLabel('Visited on').fill(today);
    await emb.getByRole('button', { name: 'Submit report' }).click();
    await expectVisible(emb.locator('[aria-invalid="true"]'));
    await emb.getByLabel('Outcome').selectOption('unfavourable');
    await emb.getByLabel('Findings').fill('One radar seen; the other two could not be accounted for.');
    await emb.getByLabel(/^Quantity seen/).first().fill('1');
    await emb.getByRole('button', { name: 'Submit report' }).click();
    await expectText(emb.getByRole('region', { name: 'Report' }), /unfavourable/);
    expect(await emb.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // Officer: confirms the proposed listing; the reliability record shows the check and the listing.
    await off.goto('/verification/unverified');
    const listing = off.getByRole('region', { name: `Listing ${END_USER.name}` });
    await listing.getByLabel(/^Reason/).fill('Two radars unaccounted for at the end user');
    await listing.getByLabel(/^Review on/).fill(new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10));
    await listing.getByRole('button', { name: 'Confirm listing' }).click();
    await expectText(listing, /listed/);
    const s = await ok(t.as(u('licensing_officer')).post('/api/screening/search', { name: END_USER.name, country: 'AE' }));
    expect(s.matches.some((m: { source: string }) => m.source === 'clearway-unverified')).toBe(true);
    await off.goto('/verification');
    await off.getByRole('link', { name: /^EUC-/ }).first().click();
    await off.getByRole('link', { name: /Reliability record/ }).click();
    await expectText(off.getByRole('region', { name: 'Score' }), /end-use checks unfavourable.*on the Unverified List/s);
  }, 240_000);
});
