import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, E2E_PASSWORD, expectText, expectVisible, type E2E } from './helpers.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

describe('web shell', () => {
  it('shows a clear error for a wrong password and stays signed out', async () => {
    const page = await e.newPage();
    await page.goto('/signin');
    await page.getByLabel('Email').fill('admin@clearway.local');
    await page.getByLabel('Password').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert').first(), 'Email or password is wrong');
    expect(await page.getByTestId('whoami').count()).toBe(0);
  });

  it('an administrator signs in and sees the admin menu, and the audit trail verifies', async () => {
    const page = await e.newPage();
    await e.signIn(page, 'admin@clearway.local', E2E_PASSWORD);
    await expectText(page.getByTestId('whoami'), 'admin');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expectVisible(nav.getByRole('link', { name: 'Users' }));
    await expectVisible(nav.getByRole('link', { name: 'Audit trail' }));
    await nav.getByRole('link', { name: 'Audit trail' }).click();
    await expectText(page.getByTestId('audit-verify'), 'intact');
  });

  it('an exporter signs in and sees industry menus but no admin menu', async () => {
    const u = await e.user('exporter');
    const page = await e.newPage();
    await e.signIn(page, u.email);
    await expectText(page.getByTestId('whoami'), 'exporter');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expectVisible(nav.getByRole('link', { name: 'Notifications' }));
    expect(await nav.getByRole('link', { name: 'Audit trail' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    // Directly opening an admin page explains the refusal instead of failing silently.
    await page.goto('/audit');
    await expectText(page.getByRole('alert').first(), 'does not give access');
  });

  it('an exporter creates an API token from the account page; it works as a Bearer token', async () => {
    const u = await e.user('exporter');
    const page = await e.newPage();
    await e.signIn(page, u.email);
    await page.goto('/account');
    await page.getByLabel('Token name').fill('erp');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())!.trim();
    const res = await fetch(`${e.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).email).toBe(u.email);
  });
});

describe('web shell: direct loads, field errors, narrow screens', () => {
  it('/admin/users works on a direct load and on refresh (no blank page, no script error)', async () => {
    const page = await e.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await e.signIn(page, 'admin@clearway.local', E2E_PASSWORD);
    await page.goto('/admin/users');
    await expectText(page.getByRole('heading', { level: 1 }), 'Users');
    await expectText(page.locator('table.data-table'), 'admin@clearway.local');
    await page.reload();
    await expectText(page.locator('table.data-table'), 'admin@clearway.local');
    expect(errors).toEqual([]);
  });

  it('a rejected form shows a human message next to each field, focuses the first one, and never the raw validator text', async () => {
    const page = await e.newPage();
    await e.signIn(page, 'admin@clearway.local', E2E_PASSWORD);
    await page.goto('/admin/users');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Initial password').fill('short');
    await page.getByRole('button', { name: 'Add user' }).click();
    const email = page.getByLabel('Email');
    await expectText(page.locator('.field.has-error'), 'Enter an email address like name@example.com');
    await expectText(page.locator('.field.has-error'), 'Enter at least 12 characters');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    // Focus moved to the first invalid field.
    expect(await email.evaluate((el) => el === document.activeElement)).toBe(true);
    const text = await page.locator('main').innerText();
    expect(text).toContain('There is a problem with 2 fields.');
    expect(text).not.toMatch(/Invalid body|Too small|expected string/);
  });

  it('at 390 px the menu folds behind a Menu button, the page fits the screen, and following a link closes the menu', async () => {
    const context = await e.browser.newContext({ baseURL: e.baseUrl, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await e.signIn(page, 'admin@clearway.local', E2E_PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await nav.isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Audit trail' }).click();
    await expectText(page.getByTestId('audit-verify'), 'intact');
    expect(await nav.isVisible()).toBe(false);
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
    await context.close();
  });

  it('the audit trail is paged by the server, keeps its page in the address, and shows changes as readable lines', async () => {
    const page = await e.newPage();
    await e.signIn(page, 'admin@clearway.local', E2E_PASSWORD);
    for (let i = 0; i < 3; i++) await e.user('exporter');
    await page.goto('/audit?size=10');
    const status = page.getByTestId('pager-status');
    await expectText(status, /^1–10 of \d+/);
    const total = Number(/of (\d+)/.exec((await status.textContent())!)![1]);
    expect(total).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'Next' }).click();
    await expectText(status, `11–${Math.min(20, total)} of ${total}`);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    await page.reload();
    await expectText(status, `11–${Math.min(20, total)} of ${total}`);
    const change = await page.locator('table.data-table tbody tr td:last-child').allInnerTexts();
    expect(change.join('\n')).not.toContain('{"');
  });
});
