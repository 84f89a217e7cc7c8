/**
 * Test support: one process declaring `count` one-item lines against a licence, in declarations of its own, as the
 * concurrency test's second (and third) process. Prints {"released":n,"held":n}.
 * Usage: DATABASE_URL=… tsx concurrency.worker.ts <organisationId> <licenceReference> <count> <prefix>
 */
import { loadConfig } from '../../platform/config.js';
import { openDeps } from '../../server/runtime.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { ingestDeclarations } from './ingest.js';
import { declaration } from './customs.fixtures.js';
import type { DeclarationInput } from './customs.schema.js';
import { Declaration } from './customs.schema.js';

const [orgId, ref, count, prefix] = process.argv.slice(2);
const { deps, database } = await openDeps(loadConfig({ ...process.env, LOG_LEVEL: 'silent' } as Record<string, string>));
const ctx = ctxFor(deps, SYSTEM_ACTOR, 'concurrency-worker');
const totals = { released: 0, held: 0, rejected: 0 };
for (let i = 0; i < Number(count); i++) {
  const d = Declaration.parse(declaration({ reference: `${prefix}-${i}` }, { quantity: 1, value: 100, authorisation: { kind: 'individual', reference: ref } })) as DeclarationInput;
  const [r] = await ingestDeclarations(ctx, [d], { organisationId: orgId!, audit: 'per_declaration' });
  for (const l of r!.lines) totals[l.status as keyof typeof totals]++;
}
console.log(JSON.stringify(totals));
await database.destroy();
