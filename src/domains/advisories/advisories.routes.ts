import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REASON_CODES, answerAdvisory, getAdvisory, listAdvisories, requestAdvisory } from './advisories.service.js';

const Id = z.object({ id: z.string().max(100) });
const tags = ['advisories'];
const text = (min: number, max: number, what: string) => z.string({ error: 'is required' }).trim().min(min, `enter ${what}`).max(max, `is longer than ${max} characters`);

export function advisoriesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/advisories',
    {
      schema: {
        tags,
        summary: 'Ask whether an end user is of concern before applying (exporters)',
        body: z.object({
          endUser: z.object({ name: text(2, 300, 'the end user’s name'), country: z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code'), address: z.string().max(500).nullish() }),
          items: text(3, 2000, 'the items you would export'),
          endUse: text(3, 2000, 'the intended end use'),
        }),
      },
    },
    async (req, reply) => reply.code(201).send(await requestAdvisory(req.ctx, req.body)),
  );
  r.get(
    '/api/advisories',
    { schema: { tags, summary: 'End-user advisories (exporters: their own; officers: all), with the total', querystring: z.object({ status: z.enum(['open', 'answered']).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), offset: z.coerce.number().int().min(0).optional() }) } },
    async (req) => listAdvisories(req.ctx, req.query),
  );
  r.get('/api/advisories/:id', { schema: { tags, summary: 'One advisory (officers also see screening hits and earlier advisories on the end user)', params: Id } }, async (req) => getAdvisory(req.ctx, req.params.id));
  r.post(
    '/api/advisories/:id/answer',
    {
      schema: {
        tags,
        summary: 'Answer an advisory with a reason code and a validity period (officers); "of concern" flags later applications naming the end user',
        params: Id,
        body: z.object({ answer: z.enum(['no_concern', 'of_concern']), reasonCode: z.enum(REASON_CODES), reason: text(5, 2000, 'the reason the exporter will read'), validDays: z.number().int().min(30).max(730).nullish(), internalNote: z.string().max(5000).nullish() }),
      },
    },
    async (req) => answerAdvisory(req.ctx, req.params.id, { ...req.body, validDays: req.body.validDays ?? undefined }),
  );
}
