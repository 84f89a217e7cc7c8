// An exporter asks whether an end user is of concern before applying (an empty form says what is missing, field by
// field), an officer answers "of concern" with a reason code, and the exporter reads the answer: in Chromium, the
// exporter on a phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './helpers.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 120_000);
afterAll(async () => e?.close());

describe('end-user advisories', () => {
  it('asked by an exporter, answered by an officer, read by the exporter', async () => {
    const exporter = await e.user('exporter');
    const officer = await e.user('licensing_officer');
    const ec = await e.browser.newContext({ baseURL: e.baseUrl, viewport: { width: 390, height: 900 } });
    const ex = await ec.newPage();
    await e.signIn(ex, exporter.email);
    await ex.goto('/advisories');
    const form = ex.getByRole('form', { name: 'Ask about an end user' });
    await form.getByRole('button', { name: 'Send the question' }).click();
    await expect.poll(() => form.getByLabel("End user's name").getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel("End user's name").fill('Harbin Orient Precision Instruments Co');
    await form.getByRole('combobox', { name: 'Country' }).fill('China');
    await form.getByRole('combobox', { name: 'Country' }).press('Enter');
    await form.getByLabel('Items you would export').fill('3A002 frequency synthesisers');
    await form.getByLabel('Intended end use').fill('Calibration of laboratory instruments');
    await form.getByRole('button', { name: 'Send the question' }).click();
    await expect.poll(() => ex.getByRole('status').filter({ hasText: 'Sent as' }).textContent()).toMatch(/EUA-\d{8}-/);

    const oc = await e.browser.newContext({ baseURL: e.baseUrl, viewport: { width: 1280, height: 900 } });
    const of = await oc.newPage();
    await e.signIn(of, officer.email);
    await of.goto('/advisories');
    await of.getByRole('link', { name: /EUA-/ }).first().click();
    await expect.poll(() => of.getByRole('region', { name: 'Screening' }).textContent()).toMatch(/No match|Listed name|Not screened/);
    const answer = of.getByRole('form', { name: 'Answer the advisory' });
    await answer.getByLabel('Answer').selectOption('of_concern');
    await answer.getByLabel('Reason code').selectOption('diversion_risk');
    await answer.getByLabel(/Reason \(the exporter/).fill('Risk of diversion to a military end user');
    await answer.getByRole('button', { name: 'Send the answer' }).click();
    await expect.poll(() => of.getByRole('region', { name: 'Question' }).textContent()).toContain('of concern');

    await ex.goto('/advisories');
    await ex.getByRole('link', { name: /EUA-/ }).first().click();
    await expect.poll(() => ex.getByRole('region', { name: 'Question' }).textContent()).toContain('Risk of diversion to a military end user');
    const width = await ex.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(width).toBeLessThanOrEqual(1);
    await ec.close();
    await oc.close();
  });
});
