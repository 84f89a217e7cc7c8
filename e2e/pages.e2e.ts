// Every page of every role, at 1280 px and at 390 px: no console error, no failed request, and at 390 px no
// horizontal scroll. Each page is loaded once at 1280 px and then resized to 390 px (the layout is pure CSS, so a
// resize shows what a phone shows; loading every page twice doubled the run). The page list comes from the web app's feature registry (menu entries per role, then one
// sample of each route the pages link to), so a page a feature registers is covered without editing this file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchPath } from 'react-router';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './helpers.js';
import { features } from '../web/src/features/registry.js';
import type { Role } from '../web/src/features/types.js';
import { seedControls } from '../src/domains/controls/controls.import.js';
import { seedPacks } from '../src/domains/determination/determination.service.js';
import { seedScreening } from '../src/domains/screening/lists.service.js';
import { seedTransparency } from '../src/domains/transparency/seed.js';
import { runDemoSeed } from '../src/domains/transparency/demo/demo.js';

const ALL_ROLES: (Role | 'anonymous')[] = ['anonymous', 'admin', 'licensing_officer', 'senior_officer', 'adviser', 'customs_officer', 'enforcement_officer', 'oversight', 'exporter_admin', 'exporter'];
/** PAGES_ROLES=admin,exporter narrows a local run; the full list always runs in npm test. */
const ROLES = process.env.PAGES_ROLES ? ALL_ROLES.filter((r) => process.env.PAGES_ROLES!.split(',').includes(r)) : ALL_ROLES;
const WIDE = 1280;
const NARROW = 390;
/** Upper bound of pages one role visits (menu + linked samples), so a link-rich page cannot make the run endless. */
const MAX_PAGES_PER_ROLE = 60;

/**
 * Known failures the owning engineer must clear: `"<role> <route pattern> <width> <kind>"` → owner.
 * A listed failure is reported but does not fail the run; a listed entry that no longer fails DOES fail it
 * (remove it from here), so this list can only shrink.
 */
const KNOWN_FAILURES: Record<string, string> = {};

const routePatterns = features.flatMap((f) => f.routes.map((r) => `/${r.path.replace(/^\//, '')}`));

/** The registry route a path belongs to (static routes win over parameterised ones, as in the router). */
function patternOf(path: string): string | null {
  const exact = routePatterns.find((p) => !p.includes(':') && matchPath({ path: p, end: true }, path));
  return exact ?? routePatterns.find((p) => matchPath({ path: p, end: true }, path)) ?? null;
}

function menuFor(role: Role | 'anonymous'): string[] {
  const items = features.flatMap((f) => f.nav).filter((n) => n.roles === 'public' || (role !== 'anonymous' && (n.roles === 'all' || n.roles.includes(role))));
  return ['/', ...new Set(items.map((n) => n.to))];
}

interface Problem { role: string; pattern: string; url: string; width: number; kind: 'console' | 'pageerror' | 'request' | 'scroll' | 'signin'; detail: string }

/** Horizontal overflow at the current viewport width, after the browser has laid the page out again. */
async function overflow(page: Page): Promise<string | null> {
  // Charts re-measure their box through a ResizeObserver after the resize: give the layout a moment to settle.
  await page
    .waitForFunction(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1, undefined, { timeout: 2_000 })
    .catch(() => undefined);
  const over = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  if (over.scroll <= over.client + 1) return null;
  const culprit = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const el = [...document.querySelectorAll<HTMLElement>('main *, header *')].find((e) => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-wrap, table, pre, .chart'));
    return el ? `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"` : 'unknown element';
  });
  return `page is ${over.scroll}px wide in a ${over.client}px screen (widest: ${culprit})`;
}

/** Loads one URL at 1280 px, then looks at it at 390 px; returns what went wrong on it, plus the in-app links it shows. */
async function visit(page: Page, url: string): Promise<{ problems: Omit<Problem, 'role' | 'pattern'>[]; links: string[] }> {
  const problems: Omit<Problem, 'role' | 'pattern'>[] = [];
  let width: number = WIDE;
  const add = (kind: Problem['kind'], detail: string) => problems.push({ url, width, kind, detail: detail.slice(0, 300) });
  const onConsole = (m: import('playwright-core').ConsoleMessage) => m.type() === 'error' && add('console', m.text());
  const onPageError = (err: Error) => add('pageerror', err.message);
  const onFailed = (r: import('playwright-core').Request) => {
    // Leaving a page cancels its polling requests; that is not a failure of the page.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') add('request', `${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  };
  const onResponse = (r: import('playwright-core').Response) => r.status() >= 400 && add('request', `${r.request().method()} ${new URL(r.url()).pathname}${new URL(r.url()).search} → ${r.status()}`);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  try {
    await page.goto(url, { waitUntil: 'networkidle' });
    try {
      await page.locator('main').waitFor({ timeout: 10_000 });
    } catch {
      add('pageerror', `the page did not render (no <main>): ${(await page.locator('body').innerText().catch(() => '')).slice(0, 100)}`);
      return { problems, links: [] };
    }
    const links = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    width = NARROW;
    await page.setViewportSize({ width: NARROW, height: 900 });
    const scroll = await overflow(page);
    if (scroll) add('scroll', scroll);
    await page.setViewportSize({ width: WIDE, height: 900 });
    return { problems, links };
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    page.off('requestfailed', onFailed);
    page.off('response', onResponse);
  }
}

let e: E2E;
const visited = new Map<string, Set<string>>(); // pattern → roles
const allProblems: Problem[] = [];

beforeAll(async () => {
  e = await startE2E();
  await seedControls(e.server.deps, ['eu']);
  await seedPacks(e.server.deps, ['eu', 'uk']);
  await seedScreening(e.server.deps, ['un-sc', 'bis-dpl']);
  await seedTransparency(e.server.deps);
  // Cases, licences, denials and a published edition, made through the real services, so list pages have rows to link to.
  await runDemoSeed(e.server.deps, { year: 2025, cases: 40, seed: 7 });
}, 400_000);
afterAll(async () => e?.close());

async function crawl(role: Role | 'anonymous', start?: string[]) {
  const user = role === 'anonymous' ? null : await e.user(role);
  const context = await e.browser.newContext({ baseURL: e.baseUrl, viewport: { width: WIDE, height: 900 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    if (user) {
      try {
        await e.signIn(page, user.email);
      } catch (err) {
        allProblems.push({ role, pattern: '/signin', url: '/signin', width: WIDE, kind: 'signin', detail: String(err).slice(0, 300) });
        return;
      }
    }
    const queue = start ? [...start] : menuFor(role);
    const seen = new Set<string>(); // patterns visited by this role
    let n = 0;
    while (queue.length && n < MAX_PAGES_PER_ROLE) {
      const url = queue.shift()!;
      const pattern = url === '/' ? '/' : patternOf(url);
      if (!pattern || seen.has(pattern)) continue;
      seen.add(pattern);
      n++;
      const r = await visit(page, url);
      if (!visited.has(pattern)) visited.set(pattern, new Set());
      visited.get(pattern)!.add(role);
      for (const p of r.problems) allProblems.push({ ...p, role, pattern });
      for (const l of r.links) if (!l.startsWith('/api/') && !l.startsWith('/docs')) queue.push(l);
    }
  } finally {
    await context.close();
  }
}

const key = (p: Problem) => `${p.role} ${p.pattern} ${p.width} ${p.kind}`;

describe('every page of every role at 1280 px and 390 px', () => {
  for (const role of ROLES) {
    it(`${role}: no console error, failed request or horizontal scroll`, async () => {
      const before = allProblems.length;
      await crawl(role);
      const mine = allProblems.slice(before);
      const unexpected = mine.filter((p) => !KNOWN_FAILURES[key(p)]);
      const known = mine.filter((p) => KNOWN_FAILURES[key(p)]);
      if (known.length) console.log(`${role}: known failures (owners must clear):\n${known.map((p) => `  ${key(p)} [${KNOWN_FAILURES[key(p)]}] ${p.url}: ${p.detail}`).join('\n')}`);
      expect(unexpected.map((p) => `${key(p)} ${p.url}: ${p.detail}`)).toEqual([]);
    }, 600_000);
  }

  it('the 390 px check sees a page wider than the screen (the resize is not a blind spot)', async () => {
    const context = await e.browser.newContext({ baseURL: e.baseUrl, viewport: { width: WIDE, height: 900 } });
    try {
      const page = await context.newPage();
      // A 1000 px wide block inside <main>, added once the app has rendered: fine at 1280 px, too wide at 390 px.
      await page.addInitScript(() => {
        const add = () => {
          const main = document.querySelector('main');
          if (!main) return requestAnimationFrame(add);
          const d = document.createElement('div');
          d.style.width = '1000px';
          d.textContent = 'wide';
          main.appendChild(d);
        };
        requestAnimationFrame(add);
      });
      const r = await visit(page, '/');
      expect(r.problems.map((p) => `${p.width} ${p.kind}`)).toEqual(['390 scroll']);
    } finally {
      await context.close();
    }
  });

  it('every known failure still fails (else remove it from KNOWN_FAILURES)', () => {
    const seenKeys = new Set(allProblems.map(key));
    expect(Object.keys(KNOWN_FAILURES).filter((k) => ROLES.includes(k.split(' ')[0] as Role) && !seenKeys.has(k))).toEqual([]);
  });

  it('pages no menu or link leads to load cleanly for an administrator', async () => {
    const orphans = routePatterns.filter((p) => !p.includes(':') && !visited.has(p));
    const before = allProblems.length;
    if (orphans.length) await crawl('admin', orphans);
    const mine = allProblems.slice(before).filter((p) => !KNOWN_FAILURES[key(p)]);
    expect(mine.map((p) => `${key(p)} ${p.url}: ${p.detail}`)).toEqual([]);
  }, 600_000);

  it('every static page of the registry was reached by some role', () => {
    const missing = routePatterns.filter((p) => !p.includes(':') && !visited.has(p));
    const paramNotReached = routePatterns.filter((p) => p.includes(':') && !visited.has(p));
    if (paramNotReached.length) console.log(`Parameterised pages no list linked to with this data (not loaded): ${paramNotReached.join(', ')}`);
    expect(missing).toEqual([]);
  });
});
