import type { Command } from 'commander';
import type { Deps } from '../../platform/context.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { scanNow } from './scan.service.js';

/** `clearway risk scan [--full] [--from D] [--to D]`: runs a scan in this process (no job runner needed) and prints its counts. */
export function registerRiskCli(program: Command, getDeps: () => Promise<Deps>) {
  const risk = program.command('risk').description('Risk signals, alerts and targeting');
  risk
    .command('scan')
    .description('Scan declarations for risk signals: incremental by default, --full for everything, or a --from/--to date window')
    .option('--full', 'scan every declaration and rebuild the baselines')
    .option('--from <date>', 'first declaration date (YYYY-MM-DD)')
    .option('--to <date>', 'last declaration date (YYYY-MM-DD)')
    .action(async (o: { full?: boolean; from?: string; to?: string }) => {
      for (const d of [o.from, o.to]) if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error('--from/--to must be YYYY-MM-DD');
      const deps = await getDeps();
      const t0 = Date.now();
      const res = await scanNow(ctxFor(deps, SYSTEM_ACTOR, 'cli:risk-scan'), { full: o.full, from: o.from, to: o.to }, async (f, m) => void console.error(`${Math.round(f * 100)}% ${m ?? ''}`));
      console.log(JSON.stringify({ ...res, seconds: (Date.now() - t0) / 1000 }));
    });
}
