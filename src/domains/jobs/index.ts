import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DomainModule } from '../module.js';
import { getJob, listJobs, retryJob, runScheduleNow } from './jobs.service.js';

function jobsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/jobs',
    { schema: { tags: ['jobs'], summary: 'Background jobs and schedules (admin, oversight)', querystring: z.object({ status: z.enum(['queued', 'running', 'succeeded', 'failed']).optional(), type: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }) } },
    async (req) => listJobs(req.ctx, req.query),
  );
  r.get('/api/jobs/:id', { schema: { tags: ['jobs'], summary: 'One job with its progress', params: z.object({ id: z.string() }) } }, async (req) => getJob(req.ctx, req.params.id));
  r.post('/api/jobs/schedules/:name/run', { schema: { tags: ['jobs'], summary: 'Run a scheduled job now (admin)', params: z.object({ name: z.string().min(1).max(200) }) } }, async (req, reply) => reply.status(202).send(await runScheduleNow(req.ctx, req.params.name)));
  r.post('/api/jobs/:id/retry', { schema: { tags: ['jobs'], summary: 'Retry a job (admin)', params: z.object({ id: z.string() }) } }, async (req) => retryJob(req.ctx, req.params.id));
}

export const jobsModule: DomainModule = { name: 'jobs', routes: jobsRoutes };
