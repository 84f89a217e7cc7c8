import type { Command } from 'commander';
import type { GetDeps } from '../../platform/context.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { publishReport } from './transparency.service.js';
import { rebuildFactsFromLicensing } from './licensing-facts.js';
import { parsePeriod } from './report.js';
import { registerDemoCli } from './demo/demo.cli.js';

export function registerTransparencyCli(program: Command, getDeps: GetDeps) {
  const stats = program.command('stats').description('Transparency statistics');
  stats
    .command('publish')
    .description('Build and publish report editions, e.g. clearway stats publish 2025 2025-Q1')
    .argument('<ids...>', 'edition ids: a year (2025) or a quarter (2025-Q1)')
    .action(async (ids: string[]) => {
      for (const id of ids) parsePeriod(id);
      const deps = await getDeps();
      const ctx = ctxFor(deps, SYSTEM_ACTOR, 'cli');
      for (const id of ids) {
        const t0 = Date.now();
        const e = await publishReport(ctx, id);
        console.log(`Published ${e.title} (revision ${e.revision}) in ${Date.now() - t0} ms: /api/public/reports/${e.id}`);
      }
    });
  stats
    .command('rebuild-facts')
    .description('Re-derive the statistics facts of every submitted licensing case')
    .action(async () => {
      const deps = await getDeps();
      const n = await rebuildFactsFromLicensing(deps.db, deps.clock.now().toISOString(), (d, t) => void process.stderr.write(`\r${d}/${t}`));
      console.log(`\nRecorded facts for ${n} case(s).`);
    });
  registerDemoCli(program, getDeps);
}
