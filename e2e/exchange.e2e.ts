// An administrator configures a peer authority in the browser: our key is shown to give to the peer, a wrong key
// is refused with a readable reason next to the field, the right one is listed; an officer opens the exchange page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { startE2E, type E2E } from './helpers.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 120_000);
afterAll(async () => e?.close());

describe('exchange with other authorities', () => {
  it('adds a peer (wrong key refused with the reason) and shows it; an officer sees the exchange page', async () => {
    const admin = await e.user('admin');
    const context = await e.browser.newContext({ baseURL: e.baseUrl, viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    await e.signIn(page, admin.email);
    await page.goto('/exchange/peers');
    await expect.poll(() => page.getByRole('region', { name: 'Our exchange key' }).textContent()).toMatch(/key id [0-9a-f]{16}/);
    const form = page.getByRole('form', { name: 'Add a peer authority' });
    await form.getByLabel('Name').fill('Bundesamt Test');
    await form.getByLabel('Base URL').fill('https://bafa.example.de');
    await form.getByLabel(/Public key/).fill('not a key');
    await form.getByRole('button', { name: 'Add peer' }).click();
    await expect.poll(() => form.textContent()).toMatch(/ed25519 public key in PEM form/);
    expect(await form.getByLabel(/Public key/).getAttribute('aria-invalid')).toBe('true');
    const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await form.getByLabel(/Public key/).fill(pem);
    await form.getByRole('button', { name: 'Add peer' }).click();
    await expect.poll(() => page.getByRole('table').first().textContent()).toContain('Bundesamt Test');
    await context.close();

    const officer = await e.user('licensing_officer');
    const c2 = await e.browser.newContext({ baseURL: e.baseUrl, viewport: { width: 1280, height: 900 } });
    const p2 = await c2.newPage();
    await e.signIn(p2, officer.email);
    await p2.goto('/exchange');
    await expect.poll(() => p2.locator('main').textContent()).toContain('No case is waiting for a consultation');
    await c2.close();
  });
});
