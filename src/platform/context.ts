import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';
import type { Dialect } from './db/index.js';
import type { Actor } from './auth/roles.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from 'pino';

/** Long-lived dependencies shared by routes, jobs and the CLI. */
export interface Deps {
  db: Kysely<DB>;
  dialect: Dialect;
  clock: Clock;
  config: Config;
  log: Logger;
}

/** How a CLI command gets its dependencies: opened and migrated on first use; `withData` also loads every domain's bundled data. */
export type GetDeps = (opts?: { withData?: boolean }) => Promise<Deps>;

/** Per-call context a service receives: who is asking, for which request, at what time. */
export interface Ctx extends Deps {
  actor: Actor | null;
  requestId: string | null;
}

/** Builds a context for a caller from long-lived dependencies. */
export const ctxFor = (deps: Deps, actor: Actor | null, requestId: string | null = null): Ctx => ({
  ...deps,
  actor,
  requestId,
});

/** Current time as ISO text (how every timestamp is stored). */
export const nowIso = (ctx: { clock: Clock }) => ctx.clock.now().toISOString();
