#!/usr/bin/env node
// `npm test`: type-check, build the web UI, run unit and integration tests on SQLite and on PostgreSQL,
// then the browser journeys; print one closing line "N passed, N failed, N skipped" for CI.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import pg from 'pg';

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const totals = { passed: 0, failed: 0, skipped: 0 };
const only = process.argv.slice(2); // optional: typecheck sqlite postgres e2e

const want = (stage) => only.length === 0 || only.includes(stage);

function run(label, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return r.status === 0;
}

function vitest(label, reportFile, args, extraEnv = {}) {
  rmSync(reportFile, { force: true });
  const ok = run(label, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...args], extraEnv);
  if (!existsSync(reportFile)) {
    console.log(`${label}: no report written (the run crashed); counted as one failure`);
    totals.failed += 1;
    return;
  }
  const r = JSON.parse(readFileSync(reportFile, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A file that fails to load has no tests but is still a failure.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  totals.failed += brokenFiles;
  if (!ok && r.numFailedTests === 0 && brokenFiles === 0) totals.failed += 1;
}

async function postgresReachable(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    await c.end();
    return true;
  } catch {
    return false;
  }
}

if (want('typecheck')) {
  if (run('type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'])) totals.passed += 1;
  else totals.failed += 1;
}
if (want('e2e') || want('typecheck')) {
  if (!run('build web UI', 'npx', ['vite', 'build', '--logLevel', 'warn'])) totals.failed += 1;
}
if (want('sqlite')) vitest('unit and integration tests on SQLite', '.vitest-sqlite.json', [], { TEST_DB: 'sqlite' });
if (want('postgres')) {
  const pgUrl = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresReachable(pgUrl)) vitest('unit and integration tests on PostgreSQL', '.vitest-postgres.json', [], { TEST_DB: 'postgres', PG_TEST_URL: pgUrl });
  else console.log(`\n=== SKIPPED: the PostgreSQL half — no server reachable at ${pgUrl} (set PG_TEST_URL) ===`);
}
if (want('e2e')) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(chromium)) vitest('browser journeys (headless Chromium)', '.vitest-e2e.json', ['--config', 'vitest.e2e.config.ts']);
  else {
    console.log(`\n=== browser journeys: Chromium not found at ${chromium}; install it (apt-get install -y chromium) ===`);
    totals.failed += 1;
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
