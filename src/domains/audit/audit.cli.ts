import { existsSync, readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import type { Command } from 'commander';
import type { Deps } from '../../platform/context.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { checkpointNow, loadOrCreateSigningKey, parseCheckpoints, verifyWithCheckpoints } from '../../platform/audit/checkpoint.js';

/** Reads checkpoints from a file or an http(s) URL (e.g. the portal's GET /api/public/audit/checkpoints). */
async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const res = await fetch(source, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${source} answered HTTP ${res.status}`);
    return res.text();
  }
  return readFileSync(source, 'utf8');
}

export function registerAuditCli(program: Command, getDeps: () => Promise<Deps>) {
  const audit = program.command('audit').description('Audit trail');
  audit
    .command('verify')
    .description('Verify the hash chain; with --checkpoints, also against signed checkpoints kept outside the database. Exits 1 and names the problem')
    .option('--checkpoints <file|url>', 'signed checkpoints (the exported JSON-lines file, or the portal URL /api/public/audit/checkpoints)')
    .option('--public-key <file>', 'PEM public key to verify the checkpoints with (default: derived from CLEARWAY_AUDIT_KEY_FILE)')
    .action(async (o: { checkpoints?: string; publicKey?: string }) => {
      const deps = await getDeps();
      if (!o.checkpoints) {
        const res = await verifyAuditChain(deps.db);
        console.log(JSON.stringify(res));
        if (!res.ok) {
          console.error(`Audit trail is broken at event ${res.brokenAt.seq}: ${res.brokenAt.reason}`);
          process.exitCode = 1;
        }
        return;
      }
      const { checkpoints } = parseCheckpoints(await readSource(o.checkpoints));
      // The key comes from the operator's side, never from the document being verified.
      if (!o.publicKey && !existsSync(deps.config.auditKeyFile))
        throw new Error(`No audit key at ${deps.config.auditKeyFile}: give the public key with --public-key <file> (GET /api/public/audit/checkpoints shows it)`);
      const publicKey = o.publicKey ? createPublicKey(readFileSync(o.publicKey)) : loadOrCreateSigningKey(deps.config.auditKeyFile).publicKey;
      const res = await verifyWithCheckpoints(deps.db, checkpoints, publicKey);
      console.log(JSON.stringify(res));
      if (!res.ok) {
        console.error(`Audit trail does not match the signed checkpoints (${res.problem}): ${res.reason}`);
        process.exitCode = 1;
      }
    });
  audit
    .command('checkpoint')
    .description('Sign the current chain head now and append it to CLEARWAY_AUDIT_CHECKPOINT_FILE (the server does this every 15 minutes)')
    .action(async () => {
      const deps = await getDeps();
      const c = await checkpointNow(deps.db, deps.config.auditKeyFile, deps.config.auditCheckpointFile, deps.clock.now());
      console.log(JSON.stringify(c ?? { unchanged: true }));
    });
}
