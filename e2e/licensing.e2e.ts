import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedPacks } from '../src/domains/determination/determination.service.js';
import { seedScreening } from '../src/domains/screening/lists.service.js';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';

let e: E2E;
let exporter: { email: string };
let officer: { email: string };
let senior: { email: string };
let senior2: { email: string };

beforeAll(async () => {
  // These journeys use UK military ratings (ML5, ML15): run this server as a UK authority (the default pack is eu).
  process.env.CLEARWAY_AUTHORITY_POLICY = 'uk';
  e = await startE2E();
  delete process.env.CLEARWAY_AUTHORITY_POLICY;
  // Submissions are determined against the authority's policy pack and parties screened, as on a real start.
  await seedPacks(e.server.deps, ['uk']);
  await seedScreening(e.server.deps, ['un-sc']);
  exporter = await e.user('exporter');
  officer = await e.user('licensing_officer');
  senior = await e.user('senior_officer');
  senior2 = await e.user('senior_officer');
});
afterAll(async () => {
  // Let PostgreSQL finish closing pooled connections before the throwaway database is dropped (server.close is idempotent).
  await e?.server.close();
  await new Promise((r) => setTimeout(r, 300));
  await e?.close();
});

/** Fills and submits the new-application form; returns the application id from the URL. */
async function applyFor(page: Page, o: { destination: string; good: string; rating: string; consignee: string; endUser: string }) {
  await page.goto('/applications/new');
  await page.getByLabel('Destination country (ISO code)').fill(o.destination);
  await page.getByLabel('Good description').fill(o.good);
  await page.getByLabel('Control rating (blank if unrated)').fill(o.rating);
  await page.getByLabel('Quantity').fill('10');
  await page.getByLabel('Value', { exact: true }).fill('250000');
  await page.getByLabel('Consignee name').fill(o.consignee);
  await page.getByLabel('Consignee address').fill('1 Dock Road');
  await page.getByLabel('Consignee country (ISO code)').fill(o.destination);
  await page.getByLabel('End user name').fill(o.endUser);
  await page.getByLabel('End user address').fill('2 Base Road');
  await page.getByLabel('End user country (ISO code)').fill(o.destination);
  await page.getByLabel('End-use statement').fill('Integration into naval radar systems for the national navy');
  await page.getByLabel('The goods are for a military end use').check();
  await page.getByLabel('I declare the information is true and complete').check();
  await page.getByRole('button', { name: 'Submit application' }).click();
  await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
  await expectText(page.getByRole('heading', { level: 1 }), /Application GBSIEL\/\d{4}\/\d{7}/);
  return page.url().split('/').pop()!;
}

async function signedIn(email: string) {
  const page = await e.newPage();
  await e.signIn(page, email);
  return page;
}

async function officerAdvice(page: Page, id: string, decision: 'approve_with_provisos' | 'refuse') {
  await page.goto(`/cases/${id}`);
  await page.getByLabel('Advice', { exact: true }).selectOption(decision);
  if (decision === 'approve_with_provisos') await page.getByLabel('Advice provisos').fill('No re-export without written consent');
  else await page.getByRole('group', { name: 'Refusal criteria' }).getByLabel(/Criterion 7/).check();
  await page.getByLabel('Advice rationale').fill('Consolidated advice');
  await page.getByRole('button', { name: 'Save advice' }).click();
  await expectText(page.locator('section[aria-labelledby="ref-h"] li'), 'Case officer');
}

async function countersign(id: string) {
  const page = await signedIn(senior.email);
  await page.goto(`/cases/${id}`);
  await page.getByLabel('Countersignature comment').fill('Agreed');
  await page.getByRole('button', { name: 'Countersign advice' }).click();
  await expectText(page.locator('section[aria-labelledby="cs-h"] li'), 'Countersigned');
}

describe('licensing journeys in the browser', () => {
  it('submit → question → answer → advice → countersign → approve with provisos → licence PDF', async () => {
    const ex = await signedIn(exporter.email);
    const id = await applyFor(ex, { destination: 'AU', good: 'Military radar transceiver module', rating: 'ML5', consignee: 'Harbour Systems Pty', endUser: 'Department of Defence' });
    await expectText(ex.getByTestId('clock'), 'working days left');

    const off = await signedIn(officer.email);
    await off.goto('/cases');
    await off.getByRole('link', { name: /GBSIEL/ }).first().waitFor();
    await off.goto(`/cases/${id}`);
    await off.getByLabel('Question to the exporter').fill('Please send the signed end-user undertaking.');
    await off.getByRole('button', { name: 'Send question' }).click();
    await expectText(off.getByTestId('case-clock'), 'clock stopped');

    await ex.reload();
    await ex.getByLabel('Your answer').fill('Attached to the application.');
    await ex.getByRole('button', { name: 'Send answer' }).click();
    await expectText(ex.locator('section[aria-labelledby="q-h"]'), 'Answer: Attached to the application.');

    await officerAdvice(off, id, 'approve_with_provisos');
    await countersign(id);

    await off.reload();
    await off.getByLabel('Outcome', { exact: true }).selectOption('approved_with_provisos');
    await off.getByLabel('Licence provisos').fill('No re-export without written consent');
    await off.getByLabel('Decision rationale').fill('Established end user; low diversion risk.');
    await off.getByRole('button', { name: 'Record decision' }).click();
    await expectText(off.locator('section[aria-labelledby="dec-h"]'), 'approved with provisos');

    await ex.reload();
    const pdfLink = ex.locator('section[aria-labelledby="lic-h"]').getByRole('link', { name: 'PDF' });
    await expectVisible(pdfLink);
    const pdf = await ex.request.get((await pdfLink.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await ex.locator('section[aria-labelledby="lic-h"]').getByRole('link', { name: /\/L1$/ }).click();
    await expectText(ex.locator('p'), 'No re-export without written consent');
  }, 180_000); // browser journeys on a loaded machine

  it('save a partial draft, come back, finish and submit; the officer finds it, reads the screening panel, writes with an attachment', async () => {
    const ex = await signedIn(exporter.email);
    await ex.goto('/applications/new');
    await ex.getByLabel('Destination country (ISO code)').fill('AU');
    await ex.getByRole('button', { name: 'Save draft' }).click();
    await expectText(ex.getByRole('status').first(), 'Draft saved');
    // An incomplete submission shows the errors and keeps the draft.
    await ex.getByRole('button', { name: 'Submit application' }).click();
    await expectText(ex.getByRole('status').first(), 'saved as a draft');
    await ex.goto('/applications');
    await ex.getByRole('link', { name: 'Draft' }).first().click();
    await ex.getByRole('link', { name: 'Edit draft' }).click();
    await ex.getByLabel('Good description').fill('Military radar transceiver module');
    await ex.getByLabel('Control rating (blank if unrated)').fill('ML5');
    await ex.getByLabel('Consignee name').fill('Харбор Системс');
    await ex.getByLabel('Consignee address').fill('1 Dock Road');
    await ex.getByLabel('Consignee country (ISO code)').fill('AU');
    await ex.getByLabel('End user name').fill('Eric Badege');
    await ex.getByLabel('End user address').fill('Goma');
    await ex.getByLabel('End user country (ISO code)').fill('CD');
    await ex.getByLabel('End-use statement').fill('Integration into naval radar systems for the national navy');
    await ex.getByLabel('I declare the information is true and complete').check();
    await ex.getByRole('button', { name: 'Submit application' }).click();
    await ex.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    await expectText(ex.getByRole('heading', { level: 1 }), /Application GBSIEL\/\d{4}\/\d{7}/);
    const reference = (await ex.getByRole('heading', { level: 1 }).textContent())!.replace('Application ', '').trim();
    await expectText(ex.locator('main'), 'under review');
    // Its own party name is shown as entered; the listed entity (upper-case BADEGE), the list and any screening panel are not.
    expect(await ex.locator('main').textContent()).not.toMatch(/BADEGE|un-sc|Screening/);

    const off = await signedIn(officer.email);
    await off.goto('/cases');
    await off.getByLabel('Search cases (reference, exporter, party, control entry)').fill(reference);
    await off.getByRole('link', { name: reference }).click();
    await expectText(off.locator('section[aria-labelledby="scr-h"]'), /BADEGE/i);
    await off.getByLabel('Message', { exact: true }).fill('Please confirm the end user identity.');
    await off.locator('section[aria-labelledby="msg-h"] input[type="file"]').setInputFiles({ name: 'questions.txt', mimeType: 'text/plain', buffer: Buffer.from('Date of birth of the end user?') });
    await off.getByRole('button', { name: 'Send message' }).click();
    await expectText(off.locator('section[aria-labelledby="msg-h"] ol'), 'questions.txt');
    await ex.reload();
    await expectText(ex.locator('section[aria-labelledby="msg-h"]'), 'Licensing authority');
    await expectText(ex.locator('section[aria-labelledby="msg-h"]'), 'questions.txt');
  }, 180_000); // browser journeys on a loaded machine

  it('refuse → appeal → overturned (licence issued on appeal)', async () => {
    const ex = await signedIn(exporter.email);
    const id = await applyFor(ex, { destination: 'NZ', good: 'Night vision weapon sight', rating: 'ML15', consignee: 'Kiwi Optics Ltd', endUser: 'NZ Defence Force' });
    const off = await signedIn(officer.email);
    await officerAdvice(off, id, 'refuse');
    await countersign(id);

    await off.reload();
    await off.getByLabel('Outcome', { exact: true }).selectOption('refused');
    await off.locator('section[aria-labelledby="decide-h"]').getByLabel(/Criterion 7/).check();
    await off.getByLabel('Decision rationale').fill('Risk of diversion through Kiwi Optics Ltd.');
    await off.getByRole('button', { name: 'Record decision' }).click();
    await expectText(off.locator('section[aria-labelledby="dec-h"]'), 'refused');

    await ex.reload();
    await expectText(ex.locator('section[aria-labelledby="dec-h"]'), 'Criterion 7');
    await ex.getByLabel('Grounds of appeal').fill('The consignee has been replaced by a direct shipment to the end user.');
    await ex.getByRole('button', { name: 'Lodge appeal' }).click();
    await expectText(ex.locator('section[aria-labelledby="ap-h"]'), 'pending');

    const sen = await signedIn(senior2.email);
    await sen.goto(`/cases/${id}`);
    await sen.getByLabel('Appeal outcome').selectOption('overturned');
    await sen.getByLabel('Appeal rationale').fill('Direct shipment removes the diversion risk.');
    await sen.getByRole('button', { name: 'Decide appeal' }).click();
    await expectText(sen.locator('section[aria-labelledby="apl-h"]'), 'overturned');

    await ex.reload();
    await expectText(ex.locator('section[aria-labelledby="lic-h"]'), 'issued on appeal');
  }, 180_000); // browser journeys on a loaded machine
});
