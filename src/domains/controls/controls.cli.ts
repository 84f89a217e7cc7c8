import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Deps } from '../../platform/context.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import { seedControls } from './controls.import.js';
import { exportDatabase, importInterop, importReport, search } from './controls.service.js';

export function registerControlsCli(program: Command, getDeps: () => Promise<Deps>) {
  const c = program.command('controls').description('Control lists');
  c.command('seed').description('Load the bundled control lists (idempotent)').action(async () => {
    const deps = await getDeps();
    console.log(JSON.stringify(await seedControls(deps)));
  });
  c.command('import-interop')
    .description('Import a correspondence or HS-6 correlation CSV; any bad row rejects the whole file')
    .argument('<file>', 'CSV file')
    .requiredOption('--kind <kind>', 'correspondence or hs')
    .option('--source <text>', 'where the file comes from')
    .action(async (file: string, o) => {
      if (o.kind !== 'correspondence' && o.kind !== 'hs') throw new Error('--kind must be correspondence or hs');
      const deps = await getDeps();
      try {
        const res = await importInterop(ctxFor(deps, SYSTEM_ACTOR, 'cli'), { kind: o.kind, csv: readFileSync(file, 'utf8'), source: o.source ?? file });
        console.log(`Imported ${res.imported} ${o.kind} rows.`);
      } catch (e) {
        if (e instanceof AppError) {
          console.error(`${e.message}\n${Object.entries(e.fields ?? {}).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
          process.exitCode = 2;
          return;
        }
        throw e;
      }
    });
  c.command('search').description('Search the control lists').argument('<query>').option('--limit <n>', 'results', '10').action(async (q: string, o) => {
    const deps = await getDeps();
    const res = await search(ctxFor(deps, null, 'cli'), { q, limit: Number(o.limit) || 10 });
    for (const r of res.results) console.log(`${r.list.padEnd(5)} ${r.code.padEnd(14)} ${String(r.score).padStart(8)}  ${r.title.slice(0, 90)}`);
  });
  c.command('report').description('What the EU importer repaired and could not repair').option('--unrepaired', 'only what could not be repaired').action(async (o) => {
    const deps = await getDeps();
    const rep = await importReport(ctxFor(deps, null, 'cli'), { list: 'eu', unrepairedOnly: Boolean(o.unrepaired) });
    console.log(JSON.stringify(rep.summary, null, 2));
    for (const i of rep.items) if (!i.repaired) console.log(`${i.code}\t${i.kind}\t${i.detail}`);
  });
  c.command('export').description('Export the classification database to stdout').option('--format <f>', 'json or csv', 'json').action(async (o) => {
    if (o.format !== 'json' && o.format !== 'csv') throw new Error('--format must be json or csv');
    const deps = await getDeps();
    const out = await exportDatabase(ctxFor(deps, null, 'cli'), { format: o.format });
    process.stdout.write(typeof out === 'string' ? out : JSON.stringify(out, null, 2) + '\n');
  });
}
