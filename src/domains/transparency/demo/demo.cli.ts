import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import type { GetDeps } from '../../../platform/context.js';
import { runDemoSeed } from './demo.js';

const int = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a whole number (got "${v}")`);
  return Number(v);
};

export function registerDemoCli(program: Command, getDeps: GetDeps) {
  const demo = program.command('demo').description('Demonstration data');
  demo
    .command('seed')
    .description('Generate a realistic year of licence applications through the real licensing services and publish its statistics')
    .requiredOption('--year <year>', 'the year to generate, e.g. 2025', int('--year'))
    .option('--cases <n>', 'how many applications (default 1000; the UK decides about 9,500 SIELs a year)', int('--cases'), 1000)
    .option('--seed <n>', 'random seed (default: the year), for a reproducible workload', int('--seed'))
    .option('--no-publish', 'do not publish the report editions afterwards')
    .action(async (o: { year: number; cases: number; seed?: number; publish: boolean }) => {
      // Load the reference data the real services need (control lists, screening lists, determination packs).
      console.error('Loading reference data…');
      const deps = await getDeps({ withData: true });
      const bar = process.stderr.isTTY ? new SingleBar({ format: 'cases {bar} {value}/{total} ({eta}s left)' }, Presets.shades_classic) : null;
      bar?.start(o.cases, 0);
      let last = 0;
      const res = await runDemoSeed(deps, {
        year: o.year,
        cases: o.cases,
        seed: o.seed,
        publish: o.publish,
        onProgress: (d, t) => {
          if (bar) bar.update(d);
          else if (d - last >= Math.max(50, t / 10) || d === t) {
            last = d;
            console.error(`${d}/${t} cases`);
          }
        },
      });
      bar?.stop();
      console.log(`Demo year ${res.year}: ${res.submitted} of ${res.planned} applications submitted, ${res.decided} decided, in ${res.seconds} s.`);
      if (res.failed.length) {
        console.log(`${res.failed.length} case(s) stopped early (the licensing service refused a step):`);
        const byError = new Map<string, number>();
        for (const f of res.failed) byError.set(`${f.step}: ${f.error}`, (byError.get(`${f.step}: ${f.error}`) ?? 0) + 1);
        for (const [k, v] of [...byError.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${v} × ${k}`);
      }
      if (res.published.length) console.log(`Published: ${res.published.map((id) => `/api/public/reports/${id}`).join(', ')}`);
      if (res.users.length) console.log(`Demo users (password ${res.password}): ${res.users.map((u) => `${u.email} (${u.role})`).join(', ')}`);
    });
}
