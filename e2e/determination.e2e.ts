import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';
import { seedPacks } from '../src/domains/determination/determination.service.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  await seedPacks(e.server.deps, ['eu', 'us']);
});
afterAll(async () => e?.close());

describe('licence determination', () => {
  it('an exporter answers the plain questions and sees the outcome, reasons with citations and next steps', async () => {
    const u = await e.user('exporter');
    const page = await e.newPage();
    await e.signIn(page, u.email);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Do I need a licence?' }).click();
    await page.getByLabel('Item 1: control code (if rated)', { exact: true }).fill('1A002');
    await page.getByLabel('Item 1: value', { exact: true }).fill('25000');
    await page.getByLabel('Destination country', { exact: true }).selectOption('JP');
    await page.getByLabel('End use', { exact: true }).selectOption('civil');
    await page.getByLabel('Established in', { exact: true }).selectOption('DE');
    await page.getByRole('button', { name: 'Check' }).click();
    const result = page.getByRole('region', { name: /Outcome/ });
    await expectText(result.getByRole('heading', { level: 2 }), 'General licence available');
    await expectText(result, 'EU001');
    await expectText(result, 'Regulation (EU) 2021/821, Art 12(1)(d)');
    await expectText(result, 'Register for and use EU001');

    // Same goods to Russia: prohibited, with the sanctions citation.
    await page.getByLabel('Destination country', { exact: true }).selectOption('RU');
    await page.getByRole('button', { name: 'Check' }).click();
    await expectText(result.getByRole('heading', { level: 2 }), 'Prohibited');
    await expectText(result, 'Regulation (EU) No 833/2014, Art 2(1)');

    // A bad code is named next to its field.
    await page.getByLabel('Item 1: control code (if rated)', { exact: true }).fill('not a code');
    await page.getByRole('button', { name: 'Check' }).click();
    await expectText(page.getByRole('alert').filter({ hasText: 'control code' }).first(), 'is not a control code');

    // Both stored determinations are listed for the organisation.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Determinations' }).click();
    await expectVisible(page.getByRole('table'));
    expect(await page.getByRole('row').count()).toBe(3);
  });

  it('an officer drafts an embargo change and replays it against stored determinations', async () => {
    const u = await e.user('licensing_officer');
    const page = await e.newPage();
    await e.signIn(page, u.email);
    await page.goto('/determination/what-if');
    await page.getByLabel('Change', { exact: true }).selectOption('add_embargo_destination');
    await page.getByLabel('Which', { exact: true }).selectOption('ru-833');
    await page.getByLabel('Destination', { exact: true }).selectOption('JP');
    await page.getByRole('button', { name: 'Add change' }).click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('button', { name: 'Replay against stored determinations' }).click();
    const report = page.getByRole('region', { name: /Replay report/ });
    await expectText(report, 'outcomes that change');
    await expectText(report.getByRole('table'), 'prohibited');
  });

  it('what the engine cannot check is shown as "We could not determine this", never green', async () => {
    const u = await e.user('exporter');
    const page = await e.newPage();
    await e.signIn(page, u.email);
    await page.goto('/determine');
    await page.getByLabel('Item 1: description', { exact: true }).fill('industrial pumps');
    await page.getByLabel('Item 1: HS code (optional)', { exact: true }).fill('8413.70');
    await page.getByLabel('Destination country', { exact: true }).selectOption('RU');
    await page.getByLabel('End use', { exact: true }).selectOption('civil');
    await page.getByRole('button', { name: 'Check' }).click();
    const result = page.getByRole('region', { name: /Outcome/ });
    const heading = result.getByRole('heading', { level: 2 });
    await expectText(heading, 'We could not determine this');
    expect(await heading.locator('.badge').getAttribute('class')).toContain('badge-warn');
    await expectText(result.getByRole('alert', { name: /Not determined/ }), 'We could not determine this: check');
    await expectText(result, 'Annex XXIII');

    // An entry that is not in Annex I is named next to its field with the nearest real codes (422).
    await page.getByLabel('Item 1: control code (if rated)', { exact: true }).fill('2B099');
    await page.getByRole('button', { name: 'Check' }).click();
    await expectText(page.getByRole('alert').filter({ hasText: '2B099' }).first(), 'nearest real codes');
  });
});
