import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { Command } from 'commander';
import type { Deps, GetDeps } from '../platform/context.js';
import type { JobDefinition, ScheduleDefinition } from '../platform/jobs/jobs.js';

/** What a domain hands to the platform. Each domain folder exports one of these from its index.ts. */
export interface DomainModule {
  name: string;
  /**
   * Migrations keyed by a globally unique, sortable name: `YYYYMMDD_NNNN_<domain>_<what>`.
   * Never edit one that has landed; add a new one.
   */
  migrations?: Record<string, Migration>;
  /** Registers HTTP routes. Every route must either set `config: { public: true }` or call a service that checks the actor. */
  routes?: (app: FastifyInstance, deps: Deps) => void | Promise<void>;
  jobs?: JobDefinition[];
  schedules?: ScheduleDefinition[];
  /**
   * Loads bundled real data on start. Must be idempotent (skip when already loaded) and report progress through `log`.
   * Runs in `order` (lower first) after migrations.
   */
  seed?: (deps: Deps) => Promise<void>;
  seedOrder?: number;
  /** Adds `clearway` sub-commands. `getDeps` opens the database lazily (migrated); `getDeps({ withData: true })` also seeds. */
  cli?: (program: Command, getDeps: GetDeps) => void;
}
