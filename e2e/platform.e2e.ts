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
