import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { startServer, type Server } from '../src/server/runtime.js';
import { createTestDatabase, type TestDatabase } from '../test/helpers/db.js';
import { withTx } from '../src/platform/db/index.js';
import { ctxFor } from '../src/platform/context.js';
import { SYSTEM_ACTOR, type OrgKind, type Role } from '../src/platform/auth/roles.js';
import { insertUser } from '../src/domains/identity/identity.service.js';
import { newId } from '../src/platform/ids.js';

export const E2E_PASSWORD = 'e2e-password-long-enough';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2E {
  baseUrl: string;
  server: Server;
  browser: Browser;
  /** A fresh browser context and page (separate cookies). */
  newPage(): Promise<Page>;
  /** Creates a user (and organisation) directly in the database. */
  user(role: Role, opts?: { org?: string; orgKind?: OrgKind; team?: string }): Promise<{ id: string; email: string; password: string; organisationId: string }>;
  /** Signs in through the real sign-in form. */
  signIn(page: Page, email: string, password?: string): Promise<void>;
  close(): Promise<void>;
}

/** Builds the web UI once if it is missing (npm test builds it first anyway). */
function ensureWebBuilt() {
  if (!existsSync('web/dist/index.html')) execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
}

/**
 * Starts the real server (in this process, on a free port, on a throwaway database) and a headless Chromium.
 * `seed: true` loads the bundled real data as `npm start` does.
 */
export async function startE2E(opts: { seed?: boolean } = {}): Promise<E2E> {
  ensureWebBuilt();
  const tdb: TestDatabase = await createTestDatabase();
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: tdb.url,
    adminPassword: E2E_PASSWORD,
    seedOnStart: opts.seed ?? false,
    runJobs: false,
    logLevel: 'silent',
    loginRateLimitPerMinute: 1000,
  });
  const addr = server.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const orgs = new Map<string, string>();
  let n = 0;
  return {
    baseUrl,
    server,
    browser,
    newPage: async () => {
      const context = await browser.newContext({ baseURL: baseUrl });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    user: async (role, o = {}) => {
      const deps = server.deps;
      const industry = role === 'exporter' || role === 'exporter_admin';
      const orgName = o.org ?? (industry ? 'Exporter A Ltd' : undefined);
      let orgId: string;
      if (!orgName) {
        orgId = (await deps.db.selectFrom('organisations').select('id').where('kind', '=', 'authority').executeTakeFirstOrThrow()).id;
      } else if (orgs.has(orgName)) orgId = orgs.get(orgName)!;
      else {
        orgId = newId();
        await deps.db.insertInto('organisations').values({ id: orgId, name: orgName, kind: o.orgKind ?? 'exporter', country: 'GB', created_at: new Date().toISOString() }).execute();
        orgs.set(orgName, orgId);
      }
      const email = `${role}.${++n}.${newId().slice(0, 6)}@e2e.example`;
      const u = await withTx(deps.db, (tx) => insertUser(tx, ctxFor(deps, SYSTEM_ACTOR, 'e2e'), { email, role, organisationId: orgId, password: E2E_PASSWORD, team: o.team ?? (role === 'adviser' ? 'defence' : null) }));
      return { id: u.id, email, password: E2E_PASSWORD, organisationId: orgId };
    },
    signIn: async (page, email, password = E2E_PASSWORD) => {
      await page.goto('/signin');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('whoami').waitFor();
    },
    close: async () => {
      await browser.close();
      await server.close();
      await tdb.drop();
    },
  };
}

/** Waits until the locator (or one of its matches) is visible and contains the text; fails with a readable message otherwise. */
export async function expectText(locator: import('playwright-core').Locator, text: string | RegExp, timeout = 15_000): Promise<void> {
  try {
    await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
  } catch {
    const actual = await locator.allTextContents().catch(() => []);
    throw new Error(`Expected ${locator} to contain ${String(text)}; it shows: ${JSON.stringify(actual).slice(0, 500)}`);
  }
}

/** Waits until the locator is visible. */
export async function expectVisible(locator: import('playwright-core').Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}
