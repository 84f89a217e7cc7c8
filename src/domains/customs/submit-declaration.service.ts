import type { Ctx } from '../../platform/context.js';
import { conflict } from '../../platform/errors.js';
import { DECLARANTS, isIndustry, requireRole } from './customs.policy.js';
import type { DeclarationInput } from './customs.schema.js';
import { ingestDeclarations } from './ingest.js';

/**
 * POST /api/customs/declarations (one JSON declaration). Each line comes back released, held or rejected with reasons;
 * re-posting the same reference with the same content returns the stored result (`duplicate: true`), with other content 409.
 */
export async function submitDeclaration(ctx: Ctx, input: DeclarationInput) {
  const a = requireRole(ctx.actor, DECLARANTS);
  const [res] = await ingestDeclarations(ctx, [input], { organisationId: isIndustry(a) ? a.organisationId : null, audit: 'per_declaration' });
  if (!res) throw new Error('ingest returned no result');
  if (res.outcome === 'conflict') throw conflict(`Reference ${input.reference} was already declared by this declarant with other content; use a new reference`);
  return {
    duplicate: res.outcome === 'duplicate',
    declaration: { id: res.id, reference: res.reference, status: res.status, lines: res.lines },
  };
}
