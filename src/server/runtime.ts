import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../platform/config.js';
import { openDatabase, type Database } from '../platform/db/index.js';
import { createLogger } from '../platform/logging.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { Deps } from '../platform/context.js';
import { JobRunner, registerSchedules } from '../platform/jobs/jobs.js';
import { ensureAdmin } from '../domains/identity/identity.service.js';
import { domains, migrateAll } from './composition.js';
import { buildApp, type Readiness } from './app.js';
import { closeConnectionsWhenClosing } from './plugins/drain.js';
import { checkpointNow } from '../platform/audit/checkpoint.js';
import { calendarJobs, calendarSchedules, checkCalendarCoverage } from './calendar-alert.js';

/** Opens the database, migrates it and returns the long-lived dependencies. */
export async function openDeps(config: Config, clock: Clock = systemClock): Promise<{ deps: Deps; database: Database }> {
  const log = createLogger(config.logLevel);
  const database = openDatabase(config.databaseUrl);
  await migrateAll(database.db);
  return { deps: { db: database.db, dialect: database.dialect, clock, config, log }, database };
}

/** Runs every domain's seed (bundled real data), in order. Each seed skips what is already loaded. */
export async function seedAll(deps: Deps, onStage?: (stage: string) => void) {
  const seeders = domains.filter((d) => d.seed).sort((a, b) => (a.seedOrder ?? 100) - (b.seedOrder ?? 100));
  for (const d of seeders) {
    onStage?.(`loading ${d.name} data`);
    const t0 = Date.now();
    await d.seed!(deps);
    deps.log.info({ domain: d.name, ms: Date.now() - t0 }, 'data ready');
  }
}

export const allJobDefinitions = () => [...domains.flatMap((d) => d.jobs ?? []), ...calendarJobs];
export const allSchedules = () => [...domains.flatMap((d) => d.schedules ?? []), ...calendarSchedules];

export interface Server {
  app: FastifyInstance;
  deps: Deps;
  runner: JobRunner | null;
  readiness: Readiness;
  close(): Promise<void>;
}

/** Starts the full product: migrate, listen (503 on /api/ready while loading), create the first admin, load data, run jobs. */
export async function startServer(overrides: Partial<Config> = {}): Promise<Server> {
  const config = loadConfig(process.env, overrides);
  const { deps, database } = await openDeps(config);
  const readiness: Readiness = { ready: false, stage: 'starting' };
  const app = await buildApp(deps, { readiness, trustProxy: config.trustProxy });
  closeConnectionsWhenClosing(app);
  await app.listen({ port: config.port, host: config.host });

  const admin = await ensureAdmin(deps);
  if (admin?.generatedPassword) {
    // Printed once, on the console only, never logged to files by us.
    process.stdout.write(
      `\n  First start: administrator created\n    email:    ${admin.email}\n    password: ${admin.generatedPassword}\n  Keep it safe; it is not shown again. Change it after signing in.\n\n`,
    );
  }
  if (config.seedOnStart) await seedAll(deps, (s) => (readiness.stage = s));
  // Creates the audit signing key on first start (outside the database) and anchors the chain as it stands.
  try {
    const cp = await checkpointNow(deps.db, config.auditKeyFile, config.auditCheckpointFile, deps.clock.now());
    if (cp) deps.log.info({ seq: cp.seq, keyId: cp.keyId, file: config.auditCheckpointFile }, 'audit checkpoint signed');
  } catch (err) {
    deps.log.error({ err, keyFile: config.auditKeyFile }, 'audit checkpoints are NOT being signed: the key or checkpoint file is not usable');
  }
  await checkCalendarCoverage(deps);
  await registerSchedules(deps.db, deps.clock.now(), allSchedules());
  const runner = config.runJobs ? new JobRunner(deps, allJobDefinitions()) : null;
  runner?.start();
  readiness.ready = true;
  readiness.stage = 'ready';
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  deps.log.info(`Clearway is ready on http://localhost:${port}`);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      readiness.ready = false;
      await runner?.stop();
      await app.close(); // waits for in-flight requests
      await database.destroy();
    })());
  return { app, deps, runner, readiness, close };
}
