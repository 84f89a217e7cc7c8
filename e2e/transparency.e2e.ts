import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';
import { seedTransparency } from '../src/domains/transparency/seed.js';
import { runDemoSeed } from '../src/domains/transparency/demo/demo.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  await seedTransparency(e.server.deps);
  // A small demo year through the real licensing services, with its editions published.
  const res = await runDemoSeed(e.server.deps, { year: 2025, cases: 150, seed: 11 });
  expect(res.published).toContain('2025');
}, 240_000);
afterAll(async () => e?.close());

describe('transparency portal', () => {
  it('a visitor sees the published year with three charts and can download it', async () => {
    const page = await e.newPage();
    await page.setViewportSize({ width: 1280, height: 2000 });
    await page.goto('/transparency');
    await expectText(page.getByRole('heading', { level: 1 }), 'Export licensing statistics');
    await expectVisible(page.getByTestId('report'));
    await expectVisible(page.getByTestId('chart-destinations').locator('.recharts-rectangle'));
    await expectVisible(page.getByTestId('chart-processing').locator('.recharts-rectangle'));
    await expectVisible(page.getByTestId('chart-time').locator('.recharts-line-curve'));
    for (const id of ['chart-destinations', 'chart-time', 'chart-processing']) {
      const chart = page.getByTestId(id);
      const shot = await chart.screenshot();
      // A rendered chart is a real image, not an empty box.
      expect(shot.length, `${id} screenshot size`).toBeGreaterThan(3000);
    }
    expect(await page.getByTestId('chart-destinations').locator('.recharts-rectangle').count()).toBeGreaterThan(2);
    await page.screenshot({ path: join(tmpdir(), 'clearway-transparency.png'), fullPage: true });
    const csvHref = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(csvHref).toBe('/api/public/reports/2025.csv');
    const csv = await fetch(`${e.baseUrl}${csvHref}`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toBe('table,key,subkey,outcome,value');
  });

  it('the edition and the filters live in the address, survive a reload, and every bar carries its figure', async () => {
    const page = await e.newPage();
    await page.goto('/transparency');
    await page.waitForURL(/\/transparency\/2025$/);
    await expectVisible(page.getByTestId('report'));
    const table = page.locator('table.data-table').filter({ hasText: 'Destination' }).first();
    const firstDest = (await table.locator('tbody tr td').first().textContent())!.trim();
    await page.getByLabel('Destination', { exact: true }).fill(firstDest);
    await page.waitForURL((u) => u.searchParams.get('destination') === firstDest);
    await page.reload();
    expect(await page.getByLabel('Destination', { exact: true }).inputValue()).toBe(firstDest);
    const dests = await table.locator('tbody tr td:first-child').allTextContents();
    expect(dests.length).toBeGreaterThan(0);
    expect(new Set(dests.map((d) => d.trim()))).toEqual(new Set([firstDest]));
    // Each drawn bar segment has a text label with its count.
    const chart = page.getByTestId('chart-processing');
    const bars = await chart.locator('.recharts-bar-rectangle').count();
    expect(bars).toBeGreaterThan(0);
    expect(await chart.locator('.recharts-label-list text').count()).toBe(bars);
  });

  it('a visitor reads how to appeal', async () => {
    const page = await e.newPage();
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'How to appeal' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'How to appeal a decision');
  });

  it('oversight drills down from a statistic to the cases and records an observation', async () => {
    const u = await e.user('oversight');
    const page = await e.newPage();
    await e.signIn(page, u.email);
    await page.goto('/stats');
    await page.getByLabel('Period (2025 or 2025-Q1)').fill('2025');
    await page.getByRole('button', { name: 'Show' }).click();
    await expectVisible(page.getByTestId('report'));
    expect(await page.getByRole('button', { name: /^Publish/ }).count()).toBe(0);
    const first = page.locator('table.data-table').first().locator('tbody a').first();
    await first.click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Cases behind the figure');
    const ref = (await page.locator('table.data-table tbody a').first().textContent())!.trim();
    expect(ref).toMatch(/\//);
    await page.goto('/oversight/observations');
    await page.getByLabel('Case reference or id').fill(ref);
    await page.getByLabel('Observation').fill('Rationale is thin for this destination.');
    await page.getByRole('button', { name: 'Record observation' }).click();
    await expectText(page.locator('table.data-table'), 'Rationale is thin');
  });
});
