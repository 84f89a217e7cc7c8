import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';
import { seedScreening } from '../src/domains/screening/lists.service.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  // Only the lists this journey needs (the full seed runs on npm start).
  await seedScreening(e.server.deps, ['un-sc', 'bis-dpl']);
});
afterAll(async () => e?.close());

describe('screening journey', () => {
  it('an exporter screens a name with explanations, adds a counterparty that hits, escalates; an officer confirms it', async () => {
    const exporter = await e.user('exporter');
    const page = await e.newPage();
    await e.signIn(page, exporter.email);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Screen a party' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Badege Erik');
    await page.getByRole('button', { name: 'Screen', exact: true }).click();
    const matches = page.getByTestId('matches');
    await expectText(matches.locator('li').first(), 'ERIC BADEGE');
    // Each list's date and age, and the lists not loaded (never shown as screened)
    const lists = page.getByTestId('list-freshness');
    await expectText(lists.locator('tr[data-source="un-sc"]'), '2026-02-27');
    await expectText(lists.locator('tr[data-source="eu_fsf"]'), 'not loaded');
    await expectText(lists.getByRole('list', { name: 'List warnings' }), 'eu_fsf');
    await matches.locator('li').first().getByText('Why this match').click();
    await expectVisible(matches.locator('li').first().getByRole('table', { name: 'Token alignment' }));
    await expectText(matches.locator('li').first().getByRole('table', { name: 'Token alignment' }), 'BADEGE');

    // A bad field is shown next to the field.
    await page.getByLabel('Date of birth').fill('1971-13');
    await page.getByRole('button', { name: 'Screen', exact: true }).click();
    await expectText(page.getByRole('alert').first(), 'YYYY');

    // A small CSV file answers at once.
    await page.getByLabel('Parties CSV').setInputFiles({ name: 'parties.csv', mimeType: 'text/csv', buffer: Buffer.from('id,name\nc1,Eric Badege\nc2,Plain Nobody Bakery\n') });
    await page.getByRole('button', { name: 'Screen file' }).click();
    const results = page.getByTestId('batch-results');
    await expectText(results.locator('tr', { hasText: 'c1' }), 'ERIC BADEGE');
    await expectText(results.locator('tr', { hasText: 'c2' }), 'no match');

    await nav.getByRole('link', { name: 'Counterparties' }).click();
    await page.getByLabel('Counterparty name').fill('Allied Democratic Forces');
    await page.getByRole('button', { name: 'Add and screen' }).click();
    await expectText(page.getByTestId('party-result'), 'sent to the review queue');

    await nav.getByRole('link', { name: 'Screening review' }).click();
    const hit = page.getByTestId('hits').locator('li', { hasText: 'ADF' }).first();
    await expectVisible(hit);
    await hit.getByLabel('Decision').selectOption('escalate');
    await hit.getByLabel('Reason').fill('Could be the armed group; need an officer');
    await hit.getByRole('button', { name: 'Record decision' }).click();
    await expectText(page.getByTestId('hits').locator('li', { hasText: 'ADF' }).first(), 'escalated');

    const officer = await e.user('licensing_officer');
    const op = await e.newPage();
    await e.signIn(op, officer.email);
    await op.goto('/screening/review');
    await op.getByLabel('Show').selectOption('escalated');
    const ohit = op.getByTestId('hits').locator('li', { hasText: 'Allied Democratic Forces' }).first();
    await ohit.getByLabel('Decision').selectOption('true_match');
    await ohit.getByLabel('Reason').fill('Same group, UN reference CDe.001');
    await ohit.getByRole('button', { name: 'Record decision' }).click();
    await op.getByLabel('Show').selectOption('true_match');
    await expectText(op.getByTestId('hits'), 'Allied Democratic Forces');
    await op.getByTestId('hits').getByRole('link', { name: 'Allied Democratic Forces' }).first().click();
    await expectText(op.getByRole('heading', { level: 1 }), 'Allied Democratic Forces');
    await expectText(op.locator('.hits').first(), 'true match');

    const audit = await e.server.deps.db.selectFrom('audit_events').select('action').where('action', '=', 'screening.hit_decided').execute();
    expect(audit.length).toBe(2);
  });

  it('a match links to the entity profile across lists: listings, dates, names and source links', async () => {
    const u = await e.user('exporter');
    const page = await e.newPage();
    await e.signIn(page, u.email);
    await page.goto('/screening');
    await page.getByLabel('Name', { exact: true }).fill('Eric Badege');
    await page.getByRole('button', { name: 'Screen', exact: true }).click();
    await page.getByTestId('matches').locator('li').first().getByRole('link', { name: 'profile across lists' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'ERIC BADEGE');
    const listings = page.getByRole('table', { name: 'Listings' });
    await expectText(listings, 'un-sc');
    await expectVisible(listings.getByRole('link', { name: 'list feed' }));
    await expectText(page.getByRole('list', { name: 'Names' }), 'ERIC BADEGE');
  });

  it('the lists page shows the versions in force with their counts', async () => {
    const u = await e.user('exporter');
    const page = await e.newPage();
    await e.signIn(page, u.email);
    await page.goto('/screening/lists');
    await expectText(page.getByRole('table', { name: /List versions/ }), 'un-sc v1');
    await page.getByRole('link', { name: 'un-sc v1' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'un-sc version 1');
    await expectText(page.locator('.stats'), '1003');
  });
});
