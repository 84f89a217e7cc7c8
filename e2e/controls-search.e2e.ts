import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';
import { seedControls } from '../src/domains/controls/controls.import.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  await seedControls(e.server.deps, ['eu']);
});
afterAll(async () => e?.close());

describe('control-list search in exporters\' words', () => {
  it('shows the matched sub-item with highlighted words, why it matched and spelling corrections', async () => {
    const page = await e.newPage();
    await page.goto('/controls');
    await page.getByLabel('Search by code or words').fill('night vision goggles');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('region', { name: 'Search results' });
    const first = results.getByRole('listitem').first();
    await expectVisible(first);
    expect((await first.textContent())!.startsWith('6A002')).toBe(true);
    expect(await first.locator('mark').allTextContents()).toEqual(['Image', 'intensifier', 'tubes']);
    await expectText(first, /Why: thesaurus: “night vision goggles”/);
    await page.screenshot({ path: '/tmp/cw-controls-search.png', fullPage: false });

    await page.getByLabel('Search by code or words').fill('vacum pump');
    await page.getByRole('button', { name: 'Search' }).click();
    await expectText(results, /“vacuum” \(you typed “vacum”\)/);
    expect((await results.getByRole('listitem').first().locator('mark').allTextContents()).map((w) => w.toLowerCase())).toContain('vacuum');
  });
});
