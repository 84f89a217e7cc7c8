import type { Command } from 'commander';
import type { Deps } from '../../platform/context.js';
import { runDemoDeclarations } from './demo.js';

const int = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a whole number (got "${v}")`);
  return Number(v);
};

/** `clearway demo declarations --count N [--seed S] [--date YYYY-MM-DD]` (added to the existing `demo` command). */
export function registerCustomsCli(program: Command, getDeps: () => Promise<Deps>) {
  const demo = program.commands.find((c) => c.name() === 'demo') ?? program.command('demo').description('Demonstration data');
  demo
    .command('declarations')
    .description("Generate a realistic customs declaration stream against the demo year's licences, with some lines that must be held")
    .requiredOption('--count <n>', 'how many declarations', int('--count'))
    .option('--seed <n>', 'random seed, for a reproducible stream', int('--seed'))
    .option('--date <date>', 'declaration date (default today)')
    .action(async (o: { count: number; seed?: number; date?: string }) => {
      if (o.date && !/^\d{4}-\d{2}-\d{2}$/.test(o.date)) throw new Error('--date must be YYYY-MM-DD');
      const deps = await getDeps();
      const res = await runDemoDeclarations(deps, { count: o.count, seed: o.seed, date: o.date, onProgress: (d, t) => (d === t || d % 2000 === 0) && console.error(`${d}/${t} declarations`) });
      console.log(JSON.stringify(res));
    });
}
