import type { Command } from 'commander';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { SingleBar, Presets } from 'cli-progress';
import type { Deps } from '../../platform/context.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import { SOURCE_NAMES, sourceByName } from './lists/sources.js';
import { updateLists, sourceUrls } from './lists/fetch.js';
import { importListVersion, seedScreening } from './lists.service.js';
import { parsePartiesCsv, validateRowsEach } from './batch.service.js';
import { listFreshness } from './freshness.js';
import { getIndex } from './screening.index.js';
import { DEFAULT_THRESHOLD, MAX_LIMIT, runSearch } from './screening.service.js';
import * as repo from './screening.repository.js';

const MAX_INPUT_BYTES = 50 * 1024 * 1024;
const MAX_LINE_BYTES = 64 * 1024;

/** Reads the input whole, refusing more than 50 MB or a line over 64 KB (`--input /dev/zero` must end, with a reason). */
async function readAll(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  const s = createReadStream(path);
  let total = 0;
  let line = 0;
  try {
    for await (const c of s as AsyncIterable<Buffer>) {
      total += c.length;
      if (total > MAX_INPUT_BYTES) throw new Error(`is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB; split it into several files`);
      for (let i = 0, nl; i < c.length; i = nl + 1) {
        nl = c.indexOf(10, i);
        line += (nl < 0 ? c.length : nl) - i;
        if (line > MAX_LINE_BYTES) throw new Error(`has a line longer than ${MAX_LINE_BYTES / 1024} KB (around byte ${total - c.length + i}); is it a CSV of parties?`);
        if (nl < 0) break;
        line = 0;
      }
      chunks.push(c);
    }
  } finally {
    s.destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}

function num(name: string, v: string | undefined, min: number, max: number, int = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max || (int && !Number.isInteger(n))) throw new Error(`${name} must be ${int ? 'an integer' : 'a number'} from ${min} to ${max} (got "${v}")`);
  return n;
}

export function registerScreeningCli(program: Command, getDeps: () => Promise<Deps>) {
  const listsCmd = program.command('lists').description('Restricted-party and sanctions lists');
  listsCmd
    .command('update')
    .description(`Fetch the lists from their official URLs (override per file with env vars, see docs/screening.md) and store new versions. Sources: ${SOURCE_NAMES.join(', ')}`)
    .option('--source <name>', 'only this source')
    .action(async (o) => {
      if (o.source && !SOURCE_NAMES.includes(o.source)) throw new Error(`--source must be one of ${SOURCE_NAMES.join(', ')}`);
      const deps = await getDeps();
      const ctx = ctxFor(deps, SYSTEM_ACTOR, 'cli');
      const results = await updateLists(ctx, { source: o.source });
      let failed = 0;
      for (const r of results) {
        if (r.status === 'created') console.log(`${r.source}: new version ${r.version!.seq} (${r.version!.counts.entities} entities; +${r.version!.counts.added} -${r.version!.counts.removed} ~${r.version!.counts.changed})`);
        else if (r.status === 'unchanged') console.log(`${r.source}: unchanged (version ${r.version!.seq})`);
        else if (r.status === 'skipped') console.log(`${r.source}: skipped, ${r.error}`);
        else {
          failed++;
          console.error(`${r.source}: REJECTED, previous version kept. ${r.error}`);
        }
      }
      if (failed) process.exitCode = 2;
    });
  listsCmd
    .command('import')
    .description('Import a source from local files, e.g. --source ofac-sdn --file sdn=./sdn.csv --file alt=./alt.csv')
    .requiredOption('--source <name>', SOURCE_NAMES.join(', '))
    .requiredOption('--file <key=path...>', 'file key and path (keys per source in docs/screening.md)')
    .action(async (o) => {
      const s = sourceByName(o.source);
      const files: Record<string, Buffer> = {};
      for (const kv of o.file as string[]) {
        const [key, ...rest] = kv.split('=');
        if (!key || !rest.length || !s.files.some((f) => f.key === key)) throw new Error(`--file ${kv}: expected key=path with key one of ${s.files.map((f) => f.key).join(', ')}`);
        files[key] = readFileSync(rest.join('='));
      }
      const deps = await getDeps();
      const res = await importListVersion(ctxFor(deps, SYSTEM_ACTOR, 'cli'), s.name, files, { kind: 'file', detail: (o.file as string[]).join(' ') });
      console.log(`${s.name}: ${res.status}, version ${res.version.seq} (${res.version.counts.entities} entities; +${res.version.counts.added} -${res.version.counts.removed} ~${res.version.counts.changed})`);
    });
  listsCmd
    .command('status')
    .description('Current version of every list, and the URLs an update would fetch')
    .action(async () => {
      const deps = await getDeps();
      const cur = await repo.currentVersions(deps.db);
      for (const name of SOURCE_NAMES) {
        const v = cur.find((x) => x.source === name);
        console.log(`${name}: ${v ? `version ${v.seq}, ${v.entity_count} entities, fetched ${v.fetched_at} (${v.origin})` : 'not loaded'}`);
        for (const [k, u] of Object.entries(sourceUrls(name))) console.log(`    ${k}: ${u ?? '(not configured)'}`);
      }
    });

  program
    .command('screen')
    .description('Screen a CSV of parties (columns id,name and optional type,country,dob) against the current lists; writes one JSON line per row')
    .requiredOption('--input <file>', 'parties CSV')
    .requiredOption('--output <file>', 'results, JSON lines: {"id":…,"matches":[…]}')
    .option('--threshold <T>', `minimum score 0..1 (default ${DEFAULT_THRESHOLD})`)
    .option('--limit <K>', 'at most K matches per row (default 10)')
    .action(async (o) => {
      const threshold = num('--threshold', o.threshold, 0, 1);
      const limit = num('--limit', o.limit, 1, MAX_LIMIT, true);
      let text: string;
      try {
        text = await readAll(o.input);
      } catch (e) {
        throw new Error(`--input ${o.input}: ${(e as Error).message}`);
      }
      let rows;
      try {
        rows = validateRowsEach(parsePartiesCsv(text), (i) => `line ${i + 2}`);
      } catch (e) {
        if (e instanceof AppError) throw new AppError(e.code, `${o.input}: ${e.message}`, e.fields);
        throw e;
      }
      const deps = await getDeps();
      if (!(await repo.currentVersions(deps.db)).length) {
        process.stderr.write('No lists loaded yet: loading the bundled snapshots…\n');
        await seedScreening(deps);
      }
      const ix = await getIndex(deps.db);
      const out = createWriteStream(o.output);
      const bar = new SingleBar({ format: 'screening [{bar}] {percentage}% | {value}/{total} rows | {hits} with matches', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
      bar.start(rows.length, 0, { hits: 0 });
      let hits = 0;
      let notScreened = 0;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        let line: string;
        if ('query' in row) {
          const matches = runSearch(ix, row.query, { threshold, limit });
          if (matches.length) hits++;
          line = JSON.stringify({ id: row.id, screened: true, matches });
        } else {
          // reported for this row only: never an empty (clear-looking) result
          notScreened++;
          line = JSON.stringify({ id: row.id, screened: false, errors: row.fields, matches: null });
          process.stderr.write(`not screened: ${Object.entries(row.fields).map(([k, v]) => `${k}: ${v}`).join('; ')}\n`);
        }
        if (!out.write(line + '\n')) await once(out, 'drain');
        if (i % 25 === 0 || i === rows.length - 1) bar.update(i + 1, { hits });
      }
      bar.stop();
      out.end();
      await once(out, 'finish');
      const fresh = listFreshness(ix, new Date());
      process.stderr.write(`${rows.length - notScreened} rows screened, ${hits} with matches, ${notScreened} not screened (see their "errors"); list versions ${Object.entries(ix.versions).map(([s, v]) => `${s}=${v}`).join(', ')}\n`);
      for (const w of fresh.warnings) process.stderr.write(`warning: ${w}\n`);
      if (notScreened) process.exitCode = 3;
    });
}
