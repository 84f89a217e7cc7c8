import type { Command } from 'commander';
import type { Deps } from '../../platform/context.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { listRequests, publicRulings, searchPrecedents } from './classification.service.js';

const int = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}`);
  return n;
};
const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerClassificationCli(program: Command, getDeps: () => Promise<Deps>) {
  const c = program.command('classification').description('Classification requests, rulings and precedents');

  c.command('queue')
    .description('Requests awaiting a ruling, oldest first')
    .option('--json', 'print JSON')
    .action(async (o) => {
      const deps = await getDeps();
      const res = await listRequests(ctxFor(deps, SYSTEM_ACTOR, 'cli'), { status: 'submitted', limit: 200 });
      const rows = [...res.requests].reverse();
      if (o.json) return console.log(JSON.stringify({ total: res.total, requests: rows }, null, 2));
      if (!rows.length) return console.log('No requests await a ruling.');
      for (const r of rows) console.log(`${r.reference}  ${r.submittedAt.slice(0, 10)}  ${r.organisation.name}  ${r.productName}${r.hasDatasheet ? '  [datasheet]' : ''}`);
      if (res.total > rows.length) console.log(`… and ${res.total - rows.length} more`);
    });

  c.command('precedents')
    .description('Earlier rulings on similar products')
    .option('--q <words>', 'words describing the product')
    .option('--param <name:value:unit>', 'technical parameter, repeatable (e.g. frequency:5.8:GHz)', collect)
    .option('--limit <n>', 'how many (1-50)', int('--limit', 1, 50), 10)
    .option('--json', 'print JSON')
    .action(async (o) => {
      const deps = await getDeps();
      const res = await searchPrecedents(ctxFor(deps, SYSTEM_ACTOR, 'cli'), { q: o.q, param: o.param, limit: o.limit });
      if (o.json) return console.log(JSON.stringify(res, null, 2));
      if (!res.results.length) return console.log('No similar precedents.');
      for (const r of res.results) console.log(`${r.score.toFixed(3)}  ${r.reference}  ${r.ruling.code ?? 'not listed'}  ${r.productName} (${r.manufacturer})`);
    });

  c.command('export-rulings')
    .description('Print the published (redacted) rulings as JSON, as GET /api/public/rulings serves them')
    .option('--code <prefix>', 'only rulings under this control code')
    .action(async (o) => {
      const deps = await getDeps();
      const ctx = ctxFor(deps, null, 'cli');
      const all = [];
      for (let offset = 0; ; offset += 100) {
        const page = await publicRulings(ctx, { code: o.code, limit: 100, offset });
        all.push(...page.rulings);
        if (all.length >= page.total || !page.rulings.length) break;
      }
      console.log(JSON.stringify({ total: all.length, rulings: all }, null, 2));
    });
}
