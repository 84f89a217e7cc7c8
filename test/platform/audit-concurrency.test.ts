import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { TEST_DIALECT } from '../helpers/db.js';
import { openDatabase, withTx, type Database } from '../../src/platform/db/index.js';
import { recordAudit, verifyAuditChain } from '../../src/platform/audit/audit.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/roles.js';
import { systemClock } from '../../src/platform/clock.js';

let t: TestApp;
let second: Database;
beforeAll(async () => {
  t = await createTestApp();
  second = openDatabase(t.deps.config.databaseUrl);
});
afterAll(async () => {
  await second.destroy();
  await t.close();
});

describe('audit chain under concurrent writers', () => {
  // Several processes share PostgreSQL; better-sqlite3 is synchronous, so two SQLite connections in one
  // process would block each other's event loop — the SQLite run covers one process (the default set-up).
  it.skipIf(TEST_DIALECT === 'sqlite')('stays a single unbroken chain when two connection pools (processes) write at once', async () => {
    const ctx = { actor: SYSTEM_ACTOR, requestId: null, clock: systemClock };
    const before = (await verifyAuditChain(t.deps.db)).events;
    const writes = Array.from({ length: 40 }, (_, i) =>
      withTx(i % 2 ? second.db : t.deps.db, (tx) => recordAudit(tx, ctx, { action: 'test.write', subjectType: 'test', subjectId: String(i) })),
    );
    const rows = await Promise.all(writes);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(40);
    expect(await verifyAuditChain(t.deps.db)).toEqual({ ok: true, events: before + 40 });
  });

  it('rolls the audit event back with the change it describes', async () => {
    const ctx = { actor: SYSTEM_ACTOR, requestId: null, clock: systemClock };
    const before = (await verifyAuditChain(t.deps.db)).events;
    await expect(
      withTx(t.deps.db, async (tx) => {
        await recordAudit(tx, ctx, { action: 'test.doomed', subjectType: 'test' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect(await verifyAuditChain(t.deps.db)).toEqual({ ok: true, events: before });
  });
});
