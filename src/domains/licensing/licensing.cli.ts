import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Deps } from '../../platform/context.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import { importDenials } from './denials.service.js';
import { flagOverdueCases } from './cases.service.js';
import { expireLicences } from './licences.service.js';

const explain = (e: unknown) => {
  if (e instanceof AppError) {
    const fields = e.fields ? Object.entries(e.fields).map(([k, v]) => `\n  ${k}: ${v}`).join('') : '';
    return new Error(`${e.message}${fields}`);
  }
  return e;
};

export function registerLicensingCli(program: Command, getDeps: () => Promise<Deps>) {
  const lic = program.command('licensing').description('Licence applications, cases and the denials register');
  lic
    .command('import-denials')
    .description('Import partner-state denial notifications from a CSV file (LITE layout); a bad row rejects the whole file')
    .argument('<file>', 'CSV file')
    .action(async (file: string) => {
      const deps = await getDeps();
      try {
        const r = await importDenials(ctxFor(deps, SYSTEM_ACTOR, 'cli'), readFileSync(file, 'utf8'), { filename: file });
        console.log(`Imported ${r.rows} denial(s): ${r.added} new, ${r.updated} updated.`);
      } catch (e) {
        throw explain(e);
      }
    });
  lic
    .command('flag-overdue')
    .description('Flag open cases past their statutory target date (also runs daily as a job)')
    .action(async () => {
      const deps = await getDeps();
      console.log(`Flagged ${await flagOverdueCases(ctxFor(deps, SYSTEM_ACTOR, 'cli'))} case(s) overdue.`);
    });
  lic
    .command('expire-licences')
    .description('Expire licences past their validity (also runs daily as a job)')
    .action(async () => {
      const deps = await getDeps();
      console.log(`Expired ${await expireLicences(ctxFor(deps, SYSTEM_ACTOR, 'cli'))} licence(s).`);
    });
}
