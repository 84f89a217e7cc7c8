/**
 * A throwaway database for a benchmark: a temp SQLite file, or (DATABASE_URL=postgres://…) a fresh database on that
 * server, created here and dropped by `drop()`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export async function benchDatabase(label: string): Promise<{ url: string; engine: 'sqlite' | 'postgres'; dir: string; drop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `cw-bench-${label}-`));
  const given = process.env.DATABASE_URL ?? `sqlite:${join(dir, 'bench.db')}`;
  if (!given.startsWith('postgres')) return { url: given, engine: 'sqlite', dir, drop: async () => undefined };
  const name = `cw_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: given });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: given.replace(/\/[^/]*$/, `/${name}`),
    engine: 'postgres',
    dir,
    drop: async () => {
      const c = new pg.Client({ connectionString: given });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
