import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';
import { seedControls } from '../src/domains/controls/controls.import.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  // Rulings are checked against the real EU Annex I; load just that list.
  await seedControls(e.server.deps, ['eu']);
});
afterAll(async () => e?.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('classification request journey', () => {
  it('an exporter files a request with a datasheet, an officer rules, the exporter sees the ruling, others see it redacted, the officer publishes a previewed summary', async () => {
    const exporter = await e.user('exporter', { org: 'Skyline Radio Ltd' });
    const officer = await e.user('licensing_officer');
    const other = await e.user('exporter', { org: 'Other Exports GmbH' });

    // 1. The exporter files the request through the form.
    const ex = await e.newPage();
    await e.signIn(ex, exporter.email);
    const nav = ex.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Classification requests' }).click();
    await ex.getByRole('link', { name: 'New classification request' }).click();
    await ex.getByLabel('Product name').fill('Encrypted mesh radio');
    await ex.getByLabel('Description', { exact: true }).fill('Outdoor 5.8 GHz mesh radio with AES-256 link encryption, made by Skyline Radio Ltd.');
    await ex.getByLabel('Manufacturer', { exact: true }).fill('Skyline Radio Ltd');
    await ex.getByLabel('Part number', { exact: true }).fill('SKY-58-AES');
    await ex.getByLabel('Parameter 1 name').fill('Frequency');
    await ex.getByLabel('Parameter 1 value').fill('5.8');
    await ex.getByLabel('Parameter 1 unit').fill('GHz');
    await ex.getByLabel('Datasheet (optional)').setInputFiles({ name: 'sky58.pdf', mimeType: 'application/pdf', buffer: PDF });
    await ex.getByRole('button', { name: 'File request' }).click();
    await expectText(ex.getByRole('status'), 'awaits an officer');
    await expectVisible(ex.getByRole('link', { name: 'sky58.pdf' }));
    const heading = (await ex.getByRole('heading', { level: 1 }).textContent())!;
    const reference = /CR-\d{4}-\d{5}/.exec(heading)![0];

    // 2. The officer finds it in the queue and rules; a bad code is refused next to the field.
    const off = await e.newPage();
    await e.signIn(off, officer.email);
    await off.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Classification queue' }).click();
    await off.getByRole('link', { name: reference }).click();
    await off.getByLabel('Control entry').fill('5A002.z.9');
    await off.getByLabel('Rationale').fill('Cryptography for data confidentiality, symmetric key above 56 bits.');
    await off.getByRole('button', { name: 'Issue ruling' }).click();
    await expectText(off.getByRole('alert'), 'not an entry of the EU control list');
    await off.getByLabel('Control entry').fill('5A002.a.1');
    // The form shows the entry's title from the control list before the officer commits.
    await expectText(off.getByTestId('entry-preview'), '5A002.a.1:');
    await off.getByRole('button', { name: 'Issue ruling' }).click();
    await expectText(off.getByTestId('ruling-rating'), 'EU 5A002.a.1');

    // 3. The exporter sees the ruling and was notified.
    await ex.reload();
    await expectText(ex.getByTestId('ruling-rating'), 'EU 5A002.a.1');
    await ex.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
    await expectText(ex.locator('.notifications li'), `Ruling on ${reference}`);

    // 4. Another exporter's precedent search finds it, redacted.
    const ot = await e.newPage();
    await e.signIn(ot, other.email);
    await ot.goto('/classification/precedents');
    await ot.getByLabel('Describe the product').fill('encrypted radio');
    await ot.getByRole('button', { name: 'Search precedents' }).click();
    const results = ot.getByTestId('precedents');
    await expectText(results, '5A002.a.1');
    await expectText(results, 'redacted');
    expect(await results.textContent()).not.toContain('Skyline');
    expect(await results.textContent()).not.toContain('SKY-58-AES');

    // 5. Ruled is not published: the officer writes a public summary, previews the redacted record, then publishes.
    const pub = await e.newPage();
    await pub.goto('/classification/rulings');
    await expectText(pub.getByRole('status'), 'No published rulings match');
    await off.getByLabel('Public summary').fill('Skyline Radio asked about the SKY-58-AES: a 5.8 GHz radio with AES-256 link encryption is in 5A002.a.1.');
    await off.getByLabel('Frequency: 5.8 GHz').check();
    await off.getByRole('button', { name: 'Preview publication' }).click();
    await expectText(off.getByTestId('preview-summary'), '[organisation] asked about the [part number]: a 5.8 GHz radio');
    await expectText(off.getByTestId('preview-removed'), 'Skyline Radio');
    await expectText(off.getByTestId('publication-preview'), 'did not consent to publishing the product description');
    await off.getByRole('button', { name: 'Publish as previewed' }).click();
    await expectVisible(off.getByTestId('published'));

    // 6. The public page shows what was published and nothing else.
    await pub.reload();
    await expectText(pub.getByRole('table'), 'a 5.8 GHz radio with AES-256 link encryption');
    const table = (await pub.getByRole('table').textContent())!;
    expect(table).toContain('5A002.a.1');
    expect(table).toContain('Frequency: 5.8 GHz');
    expect(table).not.toContain('Skyline');
    expect(table).not.toContain('SKY-58-AES');
    // The product name and description were not published (no consent for the description).
    expect(table).not.toContain('Encrypted mesh radio');
    expect(table).not.toContain('mesh');
  });
});
