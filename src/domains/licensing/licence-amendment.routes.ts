import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { amendLicence, listAmendments } from './licence-amendment.service.js';

const Params = z.object({ id: z.string().min(1).max(100) });
const Body = z.object({
  goods: z
    .array(z.object({ id: z.string().min(1).max(100), quantity: z.number().positive('must be greater than 0').max(1e12).optional(), value: z.number().min(0, 'must not be negative').max(1e13).optional() }))
    .min(1, 'name at least one good')
    .max(200),
  reason: z.string().max(2000),
});

export function licenceAmendmentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/licences/:id/amendments',
    { schema: { tags: ['licensing'], summary: "Amend a licence's goods (quantity, value) with a reason: a new version, audited (licensing officers)", params: Params, body: Body } },
    async (req, reply) => reply.status(201).send(await amendLicence(req.ctx, req.params.id, req.body)),
  );
  r.get('/api/licences/:id/amendments', { schema: { tags: ['licensing'], summary: "A licence's amendments, newest first, with each good's before and after", params: Params } }, async (req) => listAmendments(req.ctx, req.params.id));
}
