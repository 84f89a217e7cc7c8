import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import { POLICIES } from './determination.types.js';
import * as svc from './determination.service.js';
import { DeterminationInputSchema } from './determination.schema.js';

const Id = z.object({ id: z.string().min(1).max(80) });
const dateRe = /^\d{4}-\d{2}-\d{2}$/;

export function determinationRoutes(app: FastifyInstance, _deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // The same schema validates again in the service (parseDeterminationInput), so HTTP, CLI and licensing get the same 400s.
  r.post(
    '/api/determinations',
    {
      schema: {
        tags: ['determination'],
        summary: 'Determine whether a shipment needs a licence (any signed-in user); stored for the caller\'s organisation',
        body: DeterminationInputSchema,
      },
    },
    async (req, reply) => reply.status(200).send(await svc.determine(req.ctx, req.body as any, { source: 'api' })),
  );

  r.get(
    '/api/determinations',
    {
      schema: {
        tags: ['determination'],
        summary: "Stored determinations: your organisation's (authority readers see all)",
        querystring: z.object({ policy: z.enum(POLICIES).optional(), limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() }),
      },
    },
    async (req) => ({ determinations: await svc.listDeterminations(req.ctx, req.query) }),
  );

  r.get('/api/determinations/:id', { schema: { tags: ['determination'], summary: 'A stored determination with its input and result', params: Id } }, async (req) =>
    svc.getDetermination(req.ctx, req.params.id),
  );

  r.get('/api/determination/options', { schema: { tags: ['determination'], summary: 'Packs in force, countries and general licences for the determination form' } }, async (req) =>
    svc.formOptions(req.ctx),
  );

  r.get(
    '/api/determination/packs',
    { schema: { tags: ['determination'], summary: 'Published policy pack versions', querystring: z.object({ policy: z.enum(POLICIES).optional() }) } },
    async (req) => ({ packs: await svc.listPacks(req.ctx, req.query.policy) }),
  );

  r.get(
    '/api/determination/packs/:id',
    { schema: { tags: ['determination'], summary: 'A pack version with its content (id, or eu|us|uk for the version in force today)', params: Id } },
    async (req) => svc.getPack(req.ctx, req.params.id),
  );

  r.get(
    '/api/determination/drafts',
    { schema: { tags: ['determination'], summary: 'Drafts of pack changes (officers, oversight)', querystring: z.object({ policy: z.enum(POLICIES).optional() }) } },
    async (req) => ({ drafts: await svc.listDrafts(req.ctx, req.query.policy) }),
  );

  r.post(
    '/api/determination/drafts',
    {
      schema: {
        tags: ['determination'],
        summary: 'Draft a pack change (licensing and senior officers)',
        body: z.object({ policy: z.enum(POLICIES), changes: z.array(z.unknown()).min(1).max(100), note: z.string().trim().max(1000).optional(), basedOn: z.string().max(80).optional() }),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createDraft(req.ctx, req.body)),
  );

  r.get('/api/determination/drafts/:id', { schema: { tags: ['determination'], summary: 'A draft with its changes and replays', params: Id } }, async (req) => svc.getDraft(req.ctx, req.params.id));

  r.post(
    '/api/determination/drafts/:id/replay',
    { schema: { tags: ['determination'], summary: 'Replay a draft against stored determinations and applications: what would change', params: Id } },
    async (req) => svc.replayDraft(req.ctx, req.params.id),
  );

  r.get('/api/determination/replays/:id', { schema: { tags: ['determination'], summary: 'A stored replay report', params: Id } }, async (req) => svc.getReplay(req.ctx, req.params.id));

  r.post(
    '/api/determination/drafts/:id/adopt',
    {
      schema: {
        tags: ['determination'],
        summary: 'Adopt a draft as the next pack version from an effective date (senior officers)',
        params: Id,
        body: z.object({ effectiveFrom: z.string().regex(dateRe, 'must be a date YYYY-MM-DD').optional(), note: z.string().trim().max(1000).optional() }),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.adoptDraft(req.ctx, req.params.id, req.body)),
  );
}
