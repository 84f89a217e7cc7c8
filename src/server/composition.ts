/**
 * The composition root's link between the platform and the domains: the platform knows no domain
 * (scripts/check-boundaries.mjs), so the domain list and the domains' table types are handed to it from here.
 */
import type { Kysely } from 'kysely';
import type { DomainTables } from '../domains/tables.js';
import { domains } from '../domains/registry.js';
import { migrateToLatest } from '../platform/db/migrate.js';

declare module '../platform/db/schema.js' {
  /** The DB type's domain half: every domain's tables (src/domains/tables.ts). */
  interface DomainSchema extends DomainTables {}
}

export { domains };

/** Brings the platform's and every domain's schema up to date. */
export const migrateAll = (db: Kysely<any>) => migrateToLatest(db, domains);
