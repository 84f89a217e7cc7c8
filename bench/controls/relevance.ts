/**
 * Search relevance on hand-written queries: precision@1, hit@3 and p95 latency of GET /api/controls/search.
 * Run: npx tsx bench/controls/relevance.ts            (SQLite temp file)
 *      DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> npx tsx bench/controls/relevance.ts
 * queries.tune.json may be used to tune; queries.heldout.json is for reporting only (written before tuning).
 * A query with `expect: []` has nothing controlled: it counts as right when there is no result or the top one is `confidence: low`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/platform/config.js';
import { openDeps } from '../../src/server/runtime.js';
import { buildApp } from '../../src/server/app.js';
import { seedControls } from '../../src/domains/controls/controls.import.js';

interface Q { q: string; list: string; expect: string[] }
const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cw-bench-relevance-'));
const url = process.env.DATABASE_URL ?? `sqlite:${join(dir, 'bench.db')}`;
const { deps } = await openDeps(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url }));
await seedControls(deps);
const app = await buildApp(deps, { webDir: '/nonexistent' });
await app.ready();
const engine = url.startsWith('sqlite') ? 'SQLite' : 'PostgreSQL';
const verbose = process.argv.includes('--verbose');

for (const set of ['tune', 'heldout']) {
  const qs = JSON.parse(readFileSync(join(here, `queries.${set}.json`), 'utf8')) as Q[];
  const urlOf = (q: Q) => `/api/controls/search?q=${encodeURIComponent(q.q)}&list=${q.list}&limit=10`;
  for (const q of qs) await app.inject({ method: 'GET', url: urlOf(q) }); // warm-up (index build)
  let p1 = 0, h3 = 0;
  const times: number[] = [];
  for (let round = 0; round < 5; round++)
    for (const q of qs) {
      const s = process.hrtime.bigint();
      const res = await app.inject({ method: 'GET', url: urlOf(q) });
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (res.statusCode !== 200) throw new Error(`${q.q} → ${res.statusCode} ${res.body}`);
      if (round) continue;
      const results = res.json().results as { code: string; matched?: string; confidence: string }[];
      const ok = (r?: { code: string; matched?: string }) => Boolean(r && q.expect.some((c) => r.code === c || r.matched === c || c.startsWith(`${r.code}.`)));
      const right1 = q.expect.length ? ok(results[0]) : !results.length || results[0].confidence === 'low';
      const right3 = q.expect.length ? results.slice(0, 3).some(ok) : right1;
      p1 += Number(right1);
      h3 += Number(right3);
      if (verbose && !right3) console.log(`  miss [${set}] ${q.q} (${q.list}) expected ${q.expect.join('/') || 'nothing'} got ${results.slice(0, 3).map((r) => `${r.code}${r.matched ? `(${r.matched})` : ''}:${r.confidence}`).join(', ')}`);
    }
  times.sort((a, b) => a - b);
  const p = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))].toFixed(1);
  console.log(`${engine} ${set.padEnd(8)} n=${qs.length}  precision@1=${(p1 / qs.length).toFixed(3)}  hit@3=${(h3 / qs.length).toFixed(3)}  p50=${p(0.5)} ms  p95=${p(0.95)} ms`);
}
await app.close();
process.exit(0);
