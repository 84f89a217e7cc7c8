import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createApiToken } from '../src/domains/identity/identity.service.js';
import { ctxFor } from '../src/platform/context.js';
import { SYSTEM_ACTOR } from '../src/platform/auth/roles.js';
import { SECRET, jpegWithExif } from '../src/domains/enforcement/enforcement.fixtures.js';
import { startE2E, expectText, type E2E } from './helpers.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 120_000);
afterAll(async () => {
  await e?.close();
});

describe('enforcement journey', () => {
  it('an anonymous report with a photo whose metadata is gone, a question answered with the receipt, an investigation that hits an overlap, charges walked through due process to a published summary, an ICP audit whose finding moves the rating, a penalty calculated', async () => {
    const officer = await e.user('enforcement_officer');
    const agency = await e.user('enforcement_officer', { org: 'Border Intelligence Agency', orgKind: 'partner_agency' });
    const photo = join(mkdtempSync(join(tmpdir(), 'cw-e2e-')), 'photo.jpg');
    writeFileSync(photo, jpegWithExif());

    // The reporter, not signed in.
    const reporter = await e.newPage();
    await reporter.goto('/hotline');
    await reporter.getByLabel('What is it about?').selectOption('diversion');
    await reporter.getByLabel('Who or what is involved (optional)').fill('Northwind Traders');
    await reporter.getByLabel('What happened?').fill('Night-vision tubes declared as spare parts are shipped on to a third country.');
    await reporter.getByLabel('A file (optional)').setInputFiles(photo);
    await reporter.getByRole('button', { name: 'Send report' }).click();
    const receipt = (await reporter.getByTestId('receipt').textContent())!;
    const passphrase = (await reporter.getByTestId('passphrase').textContent())!;
    const stored = await e.server.deps.db.selectFrom('enforcement_concerns').innerJoin('enforcement_concern_files as f', 'f.concern_id', 'enforcement_concerns.id').innerJoin('files', 'files.id', 'f.file_id').select(['enforcement_concerns.id', 'files.storage_path']).where('receipt', '=', receipt).executeTakeFirstOrThrow();
    expect(readFileSync(stored.storage_path).toString('latin1')).not.toContain(SECRET);

    // The investigator asks a question.
    const inv = await e.newPage();
    await e.signIn(inv, officer.email);
    await inv.goto('/enforcement/concerns');
    await inv.getByText(receipt).click();
    await inv.getByLabel('Question for the reporter').fill('Which forwarder carried the last shipment?');
    await inv.getByRole('button', { name: 'Send question' }).click();
    await expectText(inv.getByRole('region', { name: 'Conversation' }), 'Which forwarder');

    // The reporter comes back with the receipt and answers.
    await reporter.goto('/hotline/check');
    await reporter.getByLabel('Receipt').fill(receipt);
    await reporter.getByLabel('Passphrase').fill(passphrase);
    await reporter.getByRole('button', { name: 'Open' }).click();
    await expectText(reporter.getByRole('region', { name: 'Your report' }), 'Which forwarder');
    await reporter.getByLabel('Your answer').fill('Blue Anchor Logistics, in March.');
    await reporter.getByRole('button', { name: 'Send answer' }).click();
    await expectText(reporter.getByRole('region', { name: 'Your report' }), 'Blue Anchor');
    await inv.reload();
    await expectText(inv.getByRole('region', { name: 'Conversation' }), 'Blue Anchor');

    // A partner agency already investigates the party; the officer's new investigation hits the overlap.
    const token = (await createApiToken(ctxFor(e.server.deps, SYSTEM_ACTOR, 'e2e'), 'e2e', agency.id)).token;
    const agencyCall = (url: string, payload: object) => e.server.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } });
    const theirs = (await agencyCall('/api/enforcement/investigations', { title: 'Operation Lantern', summary: 'Agency investigation of a forwarder.', contact: 'duty desk +44 20 7946 0000' })).json();
    await agencyCall(`/api/enforcement/investigations/${theirs.id}/links`, { kind: 'party', ref: 'NORTHWIND TRADERS LTD' });
    await inv.goto('/enforcement/investigations');
    await inv.getByLabel('Title').fill('Northwind night-vision tubes');
    await inv.getByLabel('Summary').fill('Hotline report of diversion via a third country.');
    await inv.getByRole('button', { name: 'Open' }).click();
    await inv.getByLabel('Party name').fill('Northwind Traders GmbH');
    await inv.getByRole('button', { name: 'Link' }).click();
    const overlap = inv.getByRole('status', { name: 'Deconfliction overlaps' });
    await expectText(overlap, 'Border Intelligence Agency');
    await expectText(overlap, 'duty desk');
    expect(await overlap.textContent()).not.toContain('Lantern');
    const investigationPath = new URL(inv.url()).pathname;
    await inv.getByLabel('Evidence item').fill('Forwarder invoice 4471');
    await inv.getByLabel('Held by').fill('Evidence store A');
    await inv.getByLabel('SHA-256').fill('ab'.repeat(32));
    await inv.getByRole('button', { name: 'Record evidence' }).click();
    await expectText(inv.getByRole('table'), '1. collected');

    // Due process: notice of charges from the investigation, response, hearing, decision by a senior officer,
    // appeal and its decision, then an anonymised summary on the public page.
    await inv.getByLabel('Respondent', { exact: true }).fill('Northwind Traders GmbH');
    await inv.getByLabel('Charges', { exact: true }).fill('Exported image intensifier tubes without a licence.');
    await inv.getByLabel('Transaction value (USD)').fill('60000');
    await inv.getByRole('button', { name: 'Issue notice of charges' }).click();
    await expectText(inv.getByRole('region', { name: 'Due process record' }), 'Notice of charges');
    const proceedingUrl = inv.url();
    const record = async (page: typeof inv, label: string, value: string, button = 'Record') => {
      await page.getByLabel(label).fill(value);
      await page.getByRole('button', { name: button, exact: true }).click();
    };
    await record(inv, "Respondent's answer", 'The tubes were mis-classified as spare parts.');
    await record(inv, 'Hearing date (YYYY-MM-DD)', '2099-01-15');
    await expectText(inv.getByRole('region', { name: 'Due process record' }), 'Hearing: 2099-01-15');
    const senior = await e.newPage();
    await e.signIn(senior, (await e.user('senior_officer')).email);
    await senior.goto(proceedingUrl);
    await record(senior, 'Reasons', 'The export happened as charged; the misclassification is no defence.');
    await expectText(senior.getByRole('region', { name: 'Due process record' }), 'Decision: upheld');
    await inv.reload();
    await record(inv, 'Appeal grounds, or the anonymised public summary', 'The penalty ignores the prompt correction.');
    await senior.reload();
    await record(senior, 'Reasons', 'The correction was already weighed in the decision.');
    await inv.reload();
    await record(inv, 'Anonymised public summary', 'A Northwind exporter paid a penalty.', 'Publish summary');
    await expectText(inv.getByRole('alert'), /respondent/i);
    await record(inv, 'Anonymised public summary', 'An exporter paid a penalty for shipping image intensifier tubes without a licence.', 'Publish summary');
    await expectText(inv.getByRole('region', { name: 'Due process record' }), 'Published');
    await reporter.goto('/enforcement-outcomes');
    await expectText(reporter.getByRole('table'), 'image intensifier tubes');

    // An ICP audit: seven elements scored, a major finding lowers the rating, closing it restores it.
    const exporter = await e.user('exporter', { org: 'Optics Export Ltd' });
    await inv.goto('/enforcement/audits');
    await inv.getByLabel('Exporter', { exact: true }).selectOption(exporter.organisationId);
    await inv.getByLabel('Why this exporter').fill('Risk targeting list: new dual-use exporter');
    await inv.getByLabel('Planned on').fill('2027-01-10');
    await inv.getByRole('button', { name: 'Plan', exact: true }).click();
    for (const element of ['1.', '2.', '3.', '4.', '5.', '6.', '7.']) {
      await inv.getByLabel(new RegExp(`^${element.replace('.', '\\.')} `)).selectOption('3');
      await expect.poll(() => inv.getByLabel(new RegExp(`^${element.replace('.', '\\.')} `)).inputValue()).toBe('3');
    }
    await inv.getByLabel('Finding', { exact: true }).fill('End users not screened on re-exports');
    await inv.getByLabel('Follow-up action').fill('Screen every end user before shipment');
    await inv.getByLabel('Deadline').fill('2099-01-31');
    await inv.getByRole('button', { name: 'Add finding' }).click();
    await inv.getByRole('button', { name: 'Complete audit' }).click();
    const rating = inv.getByRole('status', { name: 'ICP rating' });
    await expectText(rating, 'adequate');
    await inv.getByRole('button', { name: 'Close finding' }).click();
    await expectText(rating, 'strong');

    // A penalty with every step and its source.
    await inv.goto('/enforcement/penalties');
    await inv.getByLabel('Transaction value (USD)').fill('60000');
    await inv.getByRole('button', { name: 'Calculate' }).click();
    const calc = inv.getByRole('region', { name: 'Calculation' });
    await expectText(calc, 'Part 766');
    await expectText(calc, 'base penalty');

    // Every enforcement page at 390 px: no console error, no horizontal scroll (pages.e2e.ts crawls them too).
    const errors: string[] = [];
    inv.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await inv.setViewportSize({ width: 390, height: 800 });
    for (const path of ['/hotline', '/hotline/check', '/enforcement-outcomes', '/enforcement/concerns', `/enforcement/concerns/${stored.id}`, '/enforcement/investigations', investigationPath, '/enforcement/penalties', '/enforcement/proceedings', proceedingUrl.replace(/^https?:\/\/[^/]+/, ''), '/enforcement/audits']) {
      await inv.goto(path);
      await inv.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await inv.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    expect(errors).toEqual([]);
  }, 120_000);
});
