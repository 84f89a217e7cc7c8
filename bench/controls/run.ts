/**
 * p95 latency of control-list search and entry lookups on the bundled lists (EU, UK, regimes, US CCL).
 * Run: npx tsx bench/controls/run.ts            (SQLite temp file)
 *      DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> npx tsx bench/controls/run.ts
 * Calls the real HTTP routes through app.inject (no network), after one warm-up pass.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/platform/config.js';
import { openDeps } from '../../src/server/runtime.js';
import { buildApp } from '../../src/server/app.js';
import { seedControls } from '../../src/domains/controls/controls.import.js';

const dir = mkdtempSync(join(tmpdir(), 'cw-bench-controls-'));
const url = process.env.DATABASE_URL ?? `sqlite:${join(dir, 'bench.db')}`;
const { deps, database } = await openDeps(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url }));
const t0 = Date.now();
await seedControls(deps);
console.log(`seeded in ${Date.now() - t0} ms (${url.startsWith('sqlite') ? 'sqlite' : 'postgres'})`);
const app = await buildApp(deps, { webDir: '/nonexistent' });
await app.ready();

const searches = ['gas centrifuge', '"nuclear reactors"', 'cryptography', 'machine tools', 'infrared camera', 'toxins', 'unmanned aerial vehicle', 'laser', 'composite', 'valves', '5A002', '0B0', 'ML1', 'small arms', 'frequency changers'];
const entries = ['0B001', '5A002', '5A002.a.1', '3A001', '9A004', '1C010', '2B001', '6A003', '7A003', '1A002'];
async function measure(label: string, urls: string[], rounds: number) {
  for (const u of urls) await app.inject({ method: 'GET', url: u }); // warm-up
  const times: number[] = [];
  for (let r = 0; r < rounds; r++)
    for (const u of urls) {
      const s = process.hrtime.bigint();
      const res = await app.inject({ method: 'GET', url: u });
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (res.statusCode !== 200) throw new Error(`${u} → ${res.statusCode} ${res.body}`);
    }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
  console.log(`${label.padEnd(28)} n=${times.length}  p50=${p(0.5)} ms  p95=${p(0.95)} ms  max=${times[times.length - 1].toFixed(2)} ms`);
}
await measure('search (all lists)', searches.map((q) => `/api/controls/search?q=${encodeURIComponent(q)}&limit=20`), 20);
await measure('entry lookup (eu)', entries.map((c) => `/api/controls/entries/${c}?list=eu`), 20);
await measure('entry as-of (eu)', entries.map((c) => `/api/controls/entries/${c}?list=eu&asOf=2026-01-01`), 20);
await measure('browse (eu, regime filter)', ['/api/controls/entries?list=eu&regime=MTCR', '/api/controls/entries?list=eu&category=5&q=cryptography', '/api/controls/entries?list=us&limit=100'], 30);
await app.close();
await database.destroy();
rmSync(dir, { recursive: true, force: true });
