import { Command, CommanderError } from 'commander';
import { loadConfig } from '../platform/config.js';
import { openDeps, seedAll, startServer } from '../server/runtime.js';
import { openDatabase, type Database } from '../platform/db/index.js';
import type { Deps, GetDeps } from '../platform/context.js';
import { domains, migrateAll } from '../server/composition.js';
import { AppError } from '../platform/errors.js';

const program = new Command();
program
  .name('clearway')
  .description('Clearway export-control platform. Uses DATABASE_URL (default sqlite:./var/clearway.db).')
  .showHelpAfterError('(run clearway --help for usage)');

let opened: Database | null = null;
let depsPromise: Promise<Deps> | null = null;
/** Opens and migrates the database on first use, quietly (CLI output stays readable). */
const openOnce = () =>
  (depsPromise ??= (async () => {
    const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
    const { deps, database } = await openDeps(config);
    opened = database;
    return deps;
  })());
/** What a domain's CLI gets: the opened database, with every domain's bundled data loaded when it asks for it. */
const getDeps: GetDeps = async (opts) => {
  const deps = await openOnce();
  if (opts?.withData) await seedAll(deps);
  return deps;
};

program
  .command('serve')
  .description('Serve the API and web UI (PORT, default 3000)')
  .action(async () => {
    const server = await startServer();
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      server.deps.log.info({ signal }, 'shutting down: finishing in-flight requests');
      const timer = setTimeout(() => process.exit(1), 15_000);
      await server.close();
      clearTimeout(timer);
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  });

program
  .command('migrate')
  .description('Bring the database schema up to date')
  .action(async () => {
    const config = loadConfig(process.env);
    const db = openDatabase(config.databaseUrl);
    try {
      const applied = await migrateAll(db.db);
      console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'Schema is up to date.');
    } finally {
      await db.destroy();
    }
  });

for (const d of domains) d.cli?.(program, getDeps);

program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else if (err instanceof AppError) {
    const fields = err.fields ? '\n' + Object.entries(err.fields).map(([k, v]) => `  ${k}: ${v}`).join('\n') : '';
    console.error(`Error: ${err.message}${fields}`);
    process.exitCode = 1;
  } else {
    console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
} finally {
  const cmd = process.argv[2];
  if (cmd !== 'serve' && opened) await (opened as Database).destroy();
}
