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

/** Fills every section of the task-list application and submits it; returns the application id from the URL. */
async function applyFor(page: Page, o: { destination: string; good: string; rating: string; consignee: string; endUser: string }) {
  await page.goto('/applications/new');
  await page.getByRole('button', { name: 'Start application' }).click();
  await page.waitForURL(/\/apply$/);
  const section = async (name: string, fill: () => Promise<void>) => {
    await page.getByRole('link', { name, exact: true }).click();
    await fill();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('link', { name: 'Check your answers and submit' }).waitFor();
  };
  const country = async (scope: import('playwright-core').Locator, name: string, code: string) => {
    await scope.getByRole('combobox', { name }).fill(code);
    await scope.getByRole('combobox', { name }).press('Tab');
  };
  await section('Route', () => country(page.locator('form'), 'Destination country', o.destination));
  await section('Goods', async () => {
    const g = page.getByRole('group', { name: 'Good 1' });
    await g.getByLabel('Description').fill(o.good);
    await g.getByLabel('Control entry', { exact: true }).fill(o.rating);
    await g.getByLabel('Quantity').fill('10');
    await g.getByLabel('Value').fill('250000');
  });
  await section('Parties', async () => {
    for (const [role, name, address] of [['Consignee', o.consignee, '1 Dock Road'], ['End user', o.endUser, '2 Base Road']]) {
      const g = page.getByRole('group', { name: role });
      await g.getByLabel('Name').fill(name);
      await g.getByLabel('Address').fill(address);
      await country(g, 'Country', o.destination);
    }
  });
  await section('End use', async () => {
    await page.getByLabel('End-use statement').fill('Integration into naval radar systems for the national navy');
    await page.getByLabel('The goods are for a military end use').check();
  });
  await section('Declarations', () => page.getByLabel('I declare the information is true and complete').check());
  await page.getByRole('link', { name: 'Check your answers and submit' }).click();
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
    await ex.getByLabel(/^New evidence files/).setInputFiles({ name: 'direct-shipment-contract.txt', mimeType: 'text/plain', buffer: Buffer.from('Contract for direct shipment to NZDF.') });
    await ex.getByRole('button', { name: 'Lodge appeal' }).click();
    await expectText(ex.locator('section[aria-labelledby="ap-h"]'), 'pending');
    await expectText(ex.locator('section[aria-labelledby="docs-h"]'), /direct-shipment-contract\.txt.*appeal evidence/);

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
