/** Durable storing of determinations with their audit events, group-committed. */
import type { Ctx } from '../../platform/context.js';
import { recordAudit, type AuditInput } from '../../platform/audit/audit.js';
import { withTx } from '../../platform/db/index.js';
import type { DeterminationsTable } from './determination.tables.js';

interface PendingWrite {
  row: DeterminationsTable;
  audit: AuditInput;
  ctx: Ctx;
  resolve: () => void;
  reject: (e: unknown) => void;
}
const writeQueues = new WeakMap<object, { pending: PendingWrite[]; flushing: Promise<void> | null }>();

/**
 * Stores a determination and its audit event durably, sharing one transaction (one commit, one fsync) with the other
 * determinations that arrived while the previous commit was in flight. The caller waits for its commit.
 */
export function groupCommit(ctx: Ctx, row: DeterminationsTable, audit: AuditInput): Promise<void> {
  let q = writeQueues.get(ctx.db);
  if (!q) writeQueues.set(ctx.db, (q = { pending: [], flushing: null }));
  const queue = q;
  const done = new Promise<void>((resolve, reject) => queue.pending.push({ row, audit, ctx, resolve, reject }));
  if (!queue.flushing) {
    queue.flushing = (async () => {
      while (queue.pending.length) {
        const batch = queue.pending.splice(0, 200);
        try {
          await withTx(ctx.db, async (tx) => {
            await tx.insertInto('determinations').values(batch.map((b) => b.row)).execute();
            for (const b of batch) await recordAudit(tx, b.ctx, b.audit);
          });
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
      queue.flushing = null;
    })();
  }
  return done;
}
