import { Migrator, type Kysely, type Migration } from 'kysely';
import * as platform0001 from './migrations/20261126_0001_platform.js';

/** What the migration runner needs of a domain; the composition root passes the list (src/server/composition.ts). */
export interface MigrationSource {
  name: string;
  migrations?: Record<string, Migration>;
}

/** Every migration of the platform and of each domain, by unique name. */
export function allMigrations(domains: readonly MigrationSource[]): Record<string, Migration> {
  const all: Record<string, Migration> = { '20261126_0001_platform': platform0001 };
  for (const d of domains) {
    for (const [name, m] of Object.entries(d.migrations ?? {})) {
      if (all[name]) throw new Error(`Migration name ${name} is used twice (domain ${d.name})`);
      all[name] = m;
    }
  }
  return all;
}

/** Brings the schema up to date; Kysely's migration lock makes concurrent starts safe. */
export async function migrateToLatest(db: Kysely<any>, domains: readonly MigrationSource[]): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => allMigrations(domains) },
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
