import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { searchAudit, verifyAudit } from './audit.service.js';
import { publicCheckpoints } from './checkpoints.service.js';

const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, 'must be an ISO date or date-time');

export function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/audit/events',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail (admin, oversight)',
        querystring: z.object({
          actor: z.string().max(320).optional(),
          subjectType: z.string().max(100).optional(),
          subjectId: z.string().max(200).optional(),
          action: z.string().max(100).optional(),
          from: isoDateTime.optional(),
          to: isoDateTime.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (req) => searchAudit(req.ctx, req.query),
  );
  r.get(
    '/api/public/audit/checkpoints',
    {
      config: { public: true },
      schema: {
        tags: ['public'],
        summary: 'Signed audit checkpoints (sequence, head hash, time; ed25519) and the public key, for `clearway audit verify --checkpoints <url>`',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(10000).default(1000) }),
      },
    },
    async (req) => publicCheckpoints(req.ctx, req.query),
  );
  r.get('/api/audit/verify', { schema: { tags: ['audit'], summary: 'Verify the hash chain: {ok, events} or the first broken link' } }, async (req) => verifyAudit(req.ctx));
}
