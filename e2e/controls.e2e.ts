import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, expectText, expectVisible, type E2E } from './helpers.js';
import { seedControls } from '../src/domains/controls/controls.import.js';
import { isoDate } from '../src/platform/clock.js';

const DAY = 86_400_000;
let e: E2E;
let realClock: E2E['server']['deps']['clock'];
beforeAll(async () => {
  e = await startE2E();
  // Only the EU list: the journey needs nothing else.
  await seedControls(e.server.deps, ['eu']);
  realClock = e.server.deps.clock;
});
afterAll(async () => {
  if (e) e.server.deps.clock = realClock;
  await e?.close();
});

/** Moves the server's clock (every request context reads deps.clock) by whole days. */
function travelDays(days: number) {
  const offset = days * DAY;
  e.server.deps.clock = { now: () => new Date(realClock.now().getTime() + offset) };
}
const day = (offsetDays: number) => isoDate(new Date(realClock.now().getTime() + offsetDays * DAY));

async function fillDate(page: Page, label: string, value: string) {
  await page.getByLabel(label, { exact: true }).fill(value);
}

describe('control lists', () => {
  it('the public browses the tree, searches, opens 0B001 and changes the as-of date', async () => {
    const page = await e.newPage();
    await page.goto('/controls');
    const entries = page.getByRole('region', { name: 'Entries' });
    await expectText(entries, '382 entries');
    await expectVisible(entries.getByRole('link', { name: '5A002', exact: true }));

    await page.getByLabel('Search by code or words').fill('gas centrifuge');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('region', { name: 'Search results' });
    await expectVisible(results.getByRole('listitem').first());
    expect((await results.getByRole('listitem').first().textContent())!.startsWith('0B001')).toBe(true);

    await results.getByRole('link', { name: '0B001', exact: true }).click();
    await expectText(page.getByRole('heading', { level: 2 }), 'Plant for the separation of isotopes of "natural uranium"');
    await expectText(page.locator('article pre'), 'Gas centrifuge separation plant');
    await expectText(page.locator('article ul.notes li'), /Note|N\.B\./);
    const items = page.getByRole('region', { name: 'Sub-items' });
    await expectVisible(items.getByRole('link', { name: '0B001.a', exact: true }));
    await expectVisible(items.getByRole('link', { name: '0B001.b', exact: true }));

    // Before the bundled release came into force the entry did not exist.
    await fillDate(page, 'As of date', '2024-01-01');
    await expectText(page.getByRole('alert').first(), /not found|2024-01-01/i);
    await fillDate(page, 'As of date', '2026-01-01');
    await expectText(page.getByRole('heading', { level: 2 }), 'Plant for the separation of isotopes');

    // The sub-item page names its parent.
    await items.getByRole('link', { name: '0B001.b', exact: true }).click();
    await expectText(page.locator('article'), 'Part of 0B001');
  });

  it('an amendment goes from draft through consultation and moderation to adoption with a future date; the diff shows the words', async () => {
    const officer = await e.user('licensing_officer');
    const off = await e.newPage();
    await e.signIn(off, officer.email);
    await off.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Control reviews & amendments' }).click();
    await expectVisible(off.getByRole('region', { name: 'Reviews due within 30 days' }));

    // Draft: modify 0B002's title and text.
    const draft = off.getByRole('region', { name: 'Draft an amendment' });
    await draft.getByLabel('Amendment title').fill('Centrifuge auxiliary systems update');
    await draft.getByLabel('Summary').fill('Clarifies the auxiliary systems of centrifuge plant.');
    await draft.getByLabel('Change 1 code').fill('0B002');
    await draft.getByLabel('Change 1 title').fill('Specially designed or prepared auxiliary systems for gas centrifuge enrichment plant');
    await draft.getByLabel('Change 1 text').fill('Specially designed or prepared auxiliary systems, equipment and components, for gas centrifuge enrichment plant, made of or protected by UF6 resistant materials.');
    await draft.getByRole('button', { name: 'Save draft' }).click();
    await expectText(off.getByTestId('amendment-status'), 'draft');
    const amendmentUrl = off.url();
    const amendmentId = amendmentUrl.split('/').pop()!;

    // Bad input is explained next to the field.
    await fillDate(off, 'Comments close on', day(-1));
    await off.getByRole('button', { name: 'Open consultation' }).click();
    await expectText(off.getByRole('alert').first(), 'must be after today');
    await fillDate(off, 'Comments close on', day(1));
    await off.getByRole('button', { name: 'Open consultation' }).click();
    await expectText(off.getByTestId('amendment-status'), 'consultation');

    // A member of the public comments with an email.
    const pub = await e.newPage();
    await pub.goto('/controls/consultations');
    await pub.getByRole('link', { name: 'Centrifuge auxiliary systems update' }).click();
    await pub.getByLabel('Your comment').fill('Please keep the reference to UF6 resistant materials.');
    await pub.getByLabel('Your email').fill('citizen@example.org');
    await pub.getByLabel('Name to publish (optional)').fill('A. Citizen');
    await pub.getByRole('button', { name: 'Submit comment' }).click();
    await expectText(pub.getByRole('status'), 'will be published after moderation');

    // The officer sees it pending and approves it; adoption is refused while the comment period runs.
    await off.reload();
    const comment = off.getByTestId('comment').filter({ hasText: 'UF6 resistant materials' });
    await expectText(comment, 'citizen@example.org');
    await fillDate(off, 'Effective date', day(30));
    await off.getByRole('button', { name: 'Adopt amendment' }).click();
    await expectText(off.getByRole('alert').first(), 'comment period runs until');
    await comment.getByRole('button', { name: 'Approve' }).click();
    await expectText(off.getByTestId('comment').first(), 'approved');
    await pub.reload();
    await expectText(pub.getByRole('listitem'), 'A. Citizen');

    // Two days later the comment period is over: adopt with a future effective date, grace period and sunset.
    travelDays(2);
    const off2 = await e.newPage();
    await e.signIn(off2, officer.email);
    await off2.goto(`/controls/amendments/${amendmentId}`);
    await fillDate(off2, 'Effective date', day(30));
    await fillDate(off2, 'Grace period ends', day(90));
    await fillDate(off2, 'Sunset date', day(400));
    await off2.getByRole('button', { name: 'Adopt amendment' }).click();
    await expectText(off2.getByTestId('amendment-status'), `adopted · comments`);
    await expectText(off2.getByTestId('amendment-status'), `effective ${day(30)}`);

    // As-of answers change only from the effective date.
    const before = await e.newPage();
    await before.goto(`/controls/eu/0B002?asOf=${day(29)}`);
    await expectText(before.locator('article h2'), /Specially designed or prepared auxiliary systems, equipment and components/);
    await before.goto(`/controls/eu/0B002?asOf=${day(30)}`);
    await expectText(before.locator('article h2'), 'auxiliary systems for gas centrifuge enrichment plant');
    await expectText(before.locator('article'), `sunset ${day(400)}`);

    // The diff between the bundled release and the amendment's release shows word-level changes.
    await off2.getByRole('link', { name: 'See the changes in this release' }).click();
    await off2.getByLabel('From release').selectOption({ label: 'eu 2025-11 (2025-11-15)' });
    const changes = off2.getByRole('region', { name: 'Changes to 0B002' });
    await expectVisible(changes.getByTestId('diff-added').first());
    await expectText(changes.getByTestId('diff-added'), 'gas centrifuge enrichment');
    await expectVisible(changes.getByTestId('diff-removed').first());
    travelDays(0);
  });
});
