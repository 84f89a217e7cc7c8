import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPacks } from '../src/domains/determination/determination.service.js';
import { seedScreening } from '../src/domains/screening/lists.service.js';
import { seedControls } from '../src/domains/controls/controls.import.js';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';

let e: E2E;
let exporter: { email: string };
let officer: { email: string };

beforeAll(async () => {
  // ML ratings: run as a UK authority (the default pack is eu). Parties are screened and goods determined as on a real start.
  process.env.CLEARWAY_AUTHORITY_POLICY = 'uk';
  e = await startE2E();
  delete process.env.CLEARWAY_AUTHORITY_POLICY;
  await seedPacks(e.server.deps, ['uk']);
  await seedScreening(e.server.deps, ['un-sc']);
  await seedControls(e.server.deps, ['uk']);
  exporter = await e.user('exporter');
  officer = await e.user('licensing_officer');
});
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

/** The current page at 390 px: nothing wider than the screen. */
async function fitsPhone(page: import('playwright-core').Page) {
  await page.setViewportSize({ width: 390, height: 800 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(width, `${page.url()} is ${width} px wide at 390 px`).toBeLessThanOrEqual(390);
}

describe('the task-list application in the browser', () => {
  it('save a partial application, come back, finish, check answers and submit; the officer finds it and reads the screening panel', async () => {
    const ex = await signedIn(exporter.email);
    // Console errors, except the browser's own line for the incomplete submission's intended 400.
    const consoleErrors: string[] = [];
    ex.on('console', (m) => {
      if (m.type() === 'error' && !/status of 400/.test(m.text())) consoleErrors.push(m.text());
    });
    await ex.goto('/applications');
    await ex.getByRole('link', { name: 'New application' }).click();
    await ex.getByRole('button', { name: 'Start application' }).click();
    await ex.waitForURL(/\/applications\/[0-9a-f-]{36}\/apply$/);

    // Route only, with the country picker (typed part of a name, picked from the list).
    await ex.getByRole('link', { name: 'Route', exact: true }).click();
    await ex.getByRole('combobox', { name: 'Destination country' }).fill('austral');
    await ex.getByRole('option', { name: 'Australia (AU)' }).click();
    await ex.getByRole('combobox', { name: 'Add transit countries' }).fill('SG');
    await ex.getByRole('combobox', { name: 'Add transit countries' }).press('Enter');
    await expectVisible(ex.getByRole('button', { name: 'Remove Singapore' }));
    await ex.getByRole('button', { name: 'Save and continue' }).click();
    await expectText(ex.getByRole('status'), 'Route saved');
    await expectText(ex.getByTestId('state-route'), 'Completed');
    await expectText(ex.getByTestId('state-goods'), 'Not started');
    await fitsPhone(ex);

    // Submitting now is refused with what is missing per section, linked; it stays a draft.
    await ex.getByRole('link', { name: 'Check your answers and submit' }).click();
    await ex.getByRole('button', { name: 'Submit application' }).click();
    const missing = ex.locator('.error-summary');
    await expectText(missing, 'not complete');
    for (const s of ['Goods', 'Parties', 'End use', 'Declarations']) await expectVisible(missing.getByRole('link', { name: s }));

    // Come back later from My applications.
    await ex.goto('/applications');
    await expectText(ex.locator('section[aria-labelledby="drafts-h"]'), 'Draft to Australia');
    await ex.getByRole('link', { name: 'Edit the draft to Australia' }).click();

    // Two goods lines: one typed, one found with the control-list search.
    await ex.getByRole('link', { name: 'Goods', exact: true }).click();
    const g1 = ex.getByRole('group', { name: 'Good 1' });
    await g1.getByLabel('Description').fill('Military radar transceiver module');
    await g1.getByLabel('Control entry', { exact: true }).fill('ML5');
    await g1.getByLabel('Quantity').fill('10');
    await g1.getByLabel('Value').fill('250000');
    await ex.getByRole('button', { name: 'Add another good' }).click();
    await fitsPhone(ex);
    const g2 = ex.getByRole('group', { name: 'Good 2' });
    await g2.getByLabel('Description').fill('Radar fire control equipment');
    await g2.getByText('Find the control entry on the control list').click();
    await g2.getByLabel('Control entry: search the control list').fill('ML5');
    await g2.getByRole('button', { name: /^Use ML5\b/ }).first().click();
    expect(await g2.getByLabel('Control entry', { exact: true }).inputValue()).toMatch(/^ML5/);
    await ex.getByRole('button', { name: 'Save and continue' }).click();
    await expectText(ex.getByTestId('state-goods'), 'Completed');

    await ex.getByRole('link', { name: 'Parties', exact: true }).click();
    const c = ex.getByRole('group', { name: 'Consignee' });
    await c.getByLabel('Name').fill('Харбор Системс');
    await c.getByLabel('Address').fill('1 Dock Road, Sydney');
    await c.getByRole('combobox', { name: 'Country' }).fill('AU');
    await c.getByRole('combobox', { name: 'Country' }).press('Tab');
    const u = ex.getByRole('group', { name: 'End user' });
    await u.getByLabel('Name').fill('Eric Badege');
    await u.getByLabel('Address').fill('Goma');
    await u.getByRole('combobox', { name: 'Country' }).fill('CD');
    await u.getByRole('combobox', { name: 'Country' }).press('Tab');
    await ex.getByRole('button', { name: 'Save and continue' }).click();
    await expectText(ex.getByTestId('state-parties'), 'Completed');

    await ex.getByRole('link', { name: 'End use', exact: true }).click();
    await ex.getByLabel('End-use statement').fill('Integration into naval radar systems for the national navy');
    await ex.getByLabel('The goods are for a military end use').check();
    await ex.getByRole('button', { name: 'Save and continue' }).click();

    // The end-user undertaking goes to the end user; a refused file says why.
    await ex.getByRole('link', { name: 'Documents', exact: true }).click();
    const file = ex.getByLabel(/^File \(PDF/);
    await file.setInputFiles({ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await expectText(ex.locator('.field-error'), 'not accepted');
    await file.setInputFiles({ name: 'euu.txt', mimeType: 'text/plain', buffer: Buffer.from('We undertake not to re-export.') });
    await ex.getByRole('button', { name: 'Upload' }).click();
    await expectText(ex.getByRole('list', { name: 'Documents on this application' }), /euu\.txt.*End user: Eric Badege/);
    await ex.getByRole('button', { name: 'Save and continue' }).click();

    await ex.getByRole('link', { name: 'Declarations', exact: true }).click();
    await ex.getByLabel('I declare the information is true and complete').check();
    await ex.getByRole('button', { name: 'Save and continue' }).click();
    for (const s of ['route', 'goods', 'parties', 'end-use', 'documents', 'declarations']) await expectText(ex.getByTestId(`state-${s}`), 'Completed');

    await ex.getByRole('link', { name: 'Check your answers and submit' }).click();
    await expectText(ex.locator('section[aria-labelledby="cya-route"]'), 'Singapore');
    await fitsPhone(ex);
    await expectText(ex.locator('section[aria-labelledby="cya-goods"]'), 'Radar fire control equipment');
    await expectText(ex.locator('section[aria-labelledby="cya-parties"]'), 'Congo');
    await ex.getByRole('button', { name: 'Submit application' }).click();
    await ex.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    await expectText(ex.getByRole('heading', { level: 1 }), /Application GBSIEL\/\d{4}\/\d{7}/);
    const reference = (await ex.getByRole('heading', { level: 1 }).textContent())!.replace('Application ', '').trim();
    await expectText(ex.locator('main'), 'under review');
    // No tipping-off: the listed entity and the list are not shown to the exporter.
    expect(await ex.locator('main').textContent()).not.toMatch(/BADEGE|un-sc|Screening/);
    expect(consoleErrors).toEqual([]);

    const off = await signedIn(officer.email);
    await off.goto('/cases');
    await off.getByLabel('Search cases (reference, exporter, party, control entry)').fill(reference);
    await off.getByRole('link', { name: reference }).click();
    await expectText(off.locator('section[aria-labelledby="scr-h"]'), /BADEGE/i);
  }, 120_000);
});
