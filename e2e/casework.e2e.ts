import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { inflateSync } from 'node:zlib';
import { seedPacks } from '../src/domains/determination/determination.service.js';
import { seedScreening } from '../src/domains/screening/lists.service.js';
import { createApiToken } from '../src/domains/identity/identity.service.js';
import { ctxFor } from '../src/platform/context.js';
import { SYSTEM_ACTOR } from '../src/platform/auth/roles.js';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';

let e: E2E;
const u: Record<string, { email: string }> = {};
let appId = '';
let reference = '';
const CONSIGNEE = '北京海港系统有限公司';
const END_USER = 'Морские Системы АО';

beforeAll(async () => {
  // ML5 is a UK rating: run as a UK authority (the default pack is eu); parties are screened and goods determined as on a real start.
  process.env.CLEARWAY_AUTHORITY_POLICY = 'uk';
  e = await startE2E();
  delete process.env.CLEARWAY_AUTHORITY_POLICY;
  await seedPacks(e.server.deps, ['uk']);
  await seedScreening(e.server.deps, ['un-sc']);
  for (const r of ['licensing_officer', 'senior_officer', 'adviser'] as const) u[r] = await e.user(r);
  u.senior2 = await e.user('senior_officer');
  // The application up to submission is apply.e2e.ts's journey; here it is created through the API.
  const ex = await e.user('exporter');
  const { token } = await createApiToken(ctxFor(e.server.deps, SYSTEM_ACTOR, 'e2e'), 'e2e', ex.id);
  const call = (url: string, payload: object) => e.server.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
  u.exporter = ex;
  const c = await call('/api/applications', {
    exportType: 'permanent',
    destination: 'AU',
    endUse: 'Integration into naval radar systems for the national navy',
    declarations: { militaryEndUse: true, wmdInformed: false, wmdSuspected: false, humanitarian: false, accepted: true },
    goods: [{ description: 'Military radar transceiver module', rating: 'ML5', quantity: 10, unit: 'items', value: 250000, currency: 'GBP' }],
    parties: [
      { role: 'consignee', name: CONSIGNEE, address: '1 Dock Road, Sydney', country: 'AU' },
      { role: 'end_user', name: END_USER, address: 'Russell Offices, Canberra', country: 'AU' },
      // Shares a name with a UN-listed person: a hit for the screening panel.
      { role: 'third_party', subRole: 'agent', name: 'Eric Badege', address: '4 Avenue du Lac, Goma', country: 'CD' },
    ],
  });
  expect(c.statusCode, c.body).toBe(201);
  appId = c.json().id;
  const s = await call(`/api/applications/${appId}/submit`, {});
  expect(s.statusCode, s.body).toBe(200);
  reference = s.json().reference;
}, 180_000);
afterAll(async () => {
  await e?.server.close();
  await new Promise((r) => setTimeout(r, 300));
  await e?.close();
});

async function signedIn(email: string) {
  const page = await e.newPage();
  await e.signIn(page, email);
  return page;
}

/** Code points the PDF's embedded fonts map glyphs to (their ToUnicode maps): a character without a glyph is not listed. */
function pdfCodePoints(pdf: Buffer): Set<number> {
  const out = new Set<number>();
  for (const m of pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let text: string;
    try {
      text = inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    if (!text.includes('beginbfrange')) continue;
    for (const arr of text.matchAll(/\[([^\]]*)\]/g)) for (const h of arr[1].matchAll(/<([0-9a-fA-F]+)>/g)) out.add(Number.parseInt(h[1], 16));
  }
  return out;
}

/** The current page at 390 px: nothing wider than the screen. */
async function fitsPhone(page: Page) {
  await page.setViewportSize({ width: 390, height: 800 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(width, `${page.url()} is ${width} px wide at 390 px`).toBeLessThanOrEqual(390);
}

describe('casework after submission, in the browser', () => {
  it('search → screening panel → question with a file → referral → adviser advice → countersigned (senior notified) → refused → appeal with evidence → overturned → licence with non-Latin parties verified by code', async () => {
    const off = await signedIn(u.licensing_officer.email);
    await off.setViewportSize({ width: 1280, height: 800 });
    // Found by searching for a party's non-Latin name.
    await off.goto('/cases');
    await off.getByLabel('Search cases (reference, exporter, party, control entry)').fill('北京海港');
    await off.getByRole('link', { name: reference }).click();
    const panel = off.locator('section[aria-labelledby="scr-h"]');
    await expectText(panel.locator('h3'), CONSIGNEE);
    await expectText(panel.locator('h3'), END_USER);
    // The hit: list, listed entity and score; decided from the panel with the screening flag in one action.
    await expectText(panel.getByRole('table', { name: 'Hits for Eric Badege' }).locator('td'), /BADEGE/i);
    await fitsPhone(off);
    await panel.getByLabel(/^Decision on /).first().selectOption('false_positive');
    await panel.getByLabel('Reason for the screening decisions').fill('Agent is a different person: date of birth differs');
    await panel.getByRole('button', { name: 'Record screening decisions' }).click();
    await expectText(panel.getByRole('status'), 'Screening flag:');
    await expectText(panel.locator('td'), 'false positive');

    // A question with a file: the clock stops and the file reaches the exporter in the thread.
    await off.getByLabel('Question to the exporter').fill('Please sign and return the attached end-user undertaking.');
    await off.getByLabel(/^Attach a file to the question/).setInputFiles({ name: 'euu-template.txt', mimeType: 'text/plain', buffer: Buffer.from('End-user undertaking template') });
    await off.getByRole('button', { name: 'Send question' }).click();
    await expectText(off.getByTestId('case-clock'), 'clock stopped');
    await expectVisible(off.locator('section[aria-labelledby="msg-h"]').getByRole('link', { name: 'euu-template.txt' }));

    const ex = await signedIn(u.exporter.email);
    await ex.goto(`/applications/${appId}`);
    await expectVisible(ex.locator('section[aria-labelledby="msg-h"]').getByRole('link', { name: 'euu-template.txt' }));
    await ex.getByLabel('Your answer').fill('Signed undertaking sent by post.');
    await ex.getByRole('button', { name: 'Send answer' }).click();

    // Referral to a team picked from the list; the adviser records advice.
    await off.reload();
    await off.getByLabel('Refer to adviser team').selectOption({ label: 'defence (1 adviser)' });
    await off.getByRole('button', { name: 'Refer', exact: true }).click();
    await expectText(off.locator('section[aria-labelledby="ref-h"] li'), 'defence: awaiting advice');
    const adv = await signedIn(u.adviser.email);
    await adv.goto('/workspace');
    await adv.getByRole('region', { name: 'Referrals to my team' }).getByRole('link', { name: reference }).click();
    await adv.getByLabel('Advice', { exact: true }).selectOption('refuse');
    await adv.getByRole('group', { name: 'Refusal criteria' }).getByLabel(/Criterion 7/).check();
    await adv.getByLabel('Advice rationale').fill('Diversion risk through the consignee');
    await adv.getByRole('button', { name: 'Save advice' }).click();
    await expectText(adv.locator('section[aria-labelledby="ref-h"] li'), 'defence: advice given');

    // Officer advice, then countersignature requested: the senior officer is told.
    await off.reload();
    await off.getByLabel('Advice', { exact: true }).selectOption('refuse');
    await off.getByRole('group', { name: 'Refusal criteria' }).getByLabel(/Criterion 7/).check();
    await off.getByLabel('Advice rationale').fill('Consolidated: refuse on criterion 7');
    await off.getByRole('button', { name: 'Save advice' }).click();
    await expectText(off.locator('section[aria-labelledby="ref-h"] li'), 'Case officer');
    await off.getByRole('button', { name: 'Request countersignature' }).click();
    await expectText(off.locator('section[aria-labelledby="blk-h"]'), 'Awaiting a senior officer');

    const sen = await signedIn(u.senior_officer.email);
    await sen.goto('/notifications');
    await sen.getByText(`${reference}: countersignature requested`).click();
    await sen.goto(`/cases/${appId}`);
    await sen.getByLabel('Countersignature comment').fill('Agreed');
    await sen.getByRole('button', { name: 'Countersign advice' }).click();
    await expectText(sen.locator('section[aria-labelledby="cs-h"] li'), 'Countersigned');

    await off.reload();
    await off.getByLabel('Outcome', { exact: true }).selectOption('refused');
    await off.locator('section[aria-labelledby="decide-h"]').getByLabel(/Criterion 7/).check();
    await off.getByLabel('Decision rationale').fill('Risk of diversion through the consignee.');
    await off.getByRole('button', { name: 'Record decision' }).click();
    await expectText(off.locator('section[aria-labelledby="dec-h"]'), 'refused');

    // The exporter appeals with evidence; a senior officer who took no part decides it from the work page.
    await ex.reload();
    await ex.getByLabel('Grounds of appeal').fill('The goods now ship direct to the end user.');
    await ex.getByLabel(/^New evidence files/).setInputFiles({ name: 'direct-contract.txt', mimeType: 'text/plain', buffer: Buffer.from('Direct shipment contract') });
    await ex.getByRole('button', { name: 'Lodge appeal' }).click();
    await expectText(ex.locator('section[aria-labelledby="ap-h"]'), 'pending');
    await expectText(ex.locator('section[aria-labelledby="docs-h"]'), /direct-contract\.txt.*appeal evidence/);

    const sen2 = await signedIn(u.senior2.email);
    await sen2.goto('/workspace');
    await sen2.getByRole('region', { name: 'Appeals to decide' }).getByRole('link', { name: reference }).click();
    await sen2.getByLabel('Appeal outcome').selectOption('overturned');
    await sen2.getByLabel('Appeal rationale').fill('Direct shipment removes the diversion risk.');
    await sen2.getByRole('button', { name: 'Decide appeal' }).click();
    await expectText(sen2.locator('section[aria-labelledby="apl-h"]'), 'overturned');

    // The licence: PDF with an embedded font for the non-Latin names, and its code checked publicly.
    await ex.reload();
    await expectText(ex.locator('section[aria-labelledby="lic-h"]'), 'issued on appeal');
    await ex.locator('section[aria-labelledby="lic-h"]').getByRole('link', { name: /\/L1$/ }).click();
    const pdf = await ex.request.get((await ex.getByRole('link', { name: 'Licence PDF' }).getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    // The Cyrillic end user's name is drawn with real glyphs. The CJK consignee is not checked: the embedded DejaVu Sans
    // has no CJK glyphs (known gap, docs/licensing.md).
    const drawn = pdfCodePoints(await pdf.body());
    const missing = [...END_USER.replace(/\s/g, '')].filter((ch) => !drawn.has(ch.codePointAt(0)!));
    expect(missing, 'characters of the Cyrillic party name without a glyph in the licence PDF').toEqual([]);
    const code = /CW-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec((await ex.getByTestId('verification').textContent()) ?? '')?.[0];
    expect(code, 'verification code on the licence page').toBeTruthy();

    const pub = await e.newPage();
    const api = await pub.request.get(`/api/licences/verify/${code}`);
    expect(api.status()).toBe(200);
    expect(await api.json()).toMatchObject({ valid: true, status: 'valid', code });
    await pub.goto('/verify-licence');
    await pub.getByLabel('Verification code').fill(code!.toLowerCase());
    await pub.getByRole('button', { name: 'Check' }).click();
    await expectText(pub.locator('section[aria-labelledby="verify-h"]'), 'Valid licence');
    expect(pub.url()).toContain('code=');
    await fitsPhone(pub);
  }, 120_000);
});
