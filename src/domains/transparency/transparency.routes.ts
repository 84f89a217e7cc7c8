import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import { invalid } from '../../platform/errors.js';
import * as svc from './transparency.service.js';
import { reportToCsv } from './report.js';
import { reportJsonSchema } from './schema.js';
import { SLUG_RE } from './guidance.js';

const editionId = z.string().regex(/^\d{4}(-Q[1-4])?$/, 'must be a year like 2025 or a quarter like 2025-Q1');
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const years = z.object({
  fromYear: z.coerce.number().int().min(1990).max(2200).optional(),
  toYear: z.coerce.number().int().min(1990).max(2200).optional(),
});
const slug = z.string().max(100).regex(SLUG_RE, 'use lower-case letters, digits and hyphens');
const guidanceBody = z.object({
  title: z.string().trim().min(1).max(200),
  markdown: z.string().min(1).max(200_000),
  changeNote: z.string().max(500).optional(),
  publish: z.boolean().optional(),
});

export function transparencyRoutes(app: FastifyInstance, _deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ------------------------------------------------------------ public
  r.get('/api/public/reports', { config: { public: true }, schema: { tags: ['transparency'], summary: 'Published statistics editions: [{id, period, title}]' } }, async (req) =>
    svc.listPublicReports(req.ctx),
  );
  r.get('/api/public/reports/schema.json', { config: { public: true }, schema: { tags: ['transparency'], summary: 'JSON Schema of a published report edition' } }, async (_req, reply) =>
    reply.type('application/schema+json').send(reportJsonSchema()),
  );
  r.get(
    '/api/public/reports/:id',
    {
      config: { public: true },
      schema: {
        tags: ['transparency'],
        summary: 'One edition (small cells suppressed). Append .csv for CSV, .json for JSON',
        params: z.object({ id: z.string().max(40) }),
      },
    },
    async (req, reply) => {
      const m = /^(\d{4}(?:-Q[1-4])?)(\.csv|\.json)?$/.exec(req.params.id);
      if (!m) throw invalid({ id: 'must be a year like 2025 or a quarter like 2025-Q1, optionally followed by .csv or .json' });
      const report = await svc.getPublicReport(req.ctx, m[1]!);
      reply.header('cache-control', 'public, max-age=300');
      if (m[2] === '.csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="clearway-statistics-${m[1]}.csv"`)
          .send(reportToCsv(report));
      if (m[2] === '.json') reply.header('content-disposition', `attachment; filename="clearway-statistics-${m[1]}.json"`);
      return report;
    },
  );
  r.get('/api/public/indicators', { config: { public: true }, schema: { tags: ['transparency'], summary: 'Public impact indicators per quarter', querystring: years } }, async (req) =>
    svc.getPublicIndicators(req.ctx, req.query),
  );
  r.get('/api/public/guidance', { config: { public: true }, schema: { tags: ['transparency'], summary: 'Published guidance pages' } }, async (req) => ({
    pages: await svc.listPublicGuidance(req.ctx),
  }));
  r.get('/api/public/guidance/:slug', { config: { public: true }, schema: { tags: ['transparency'], summary: 'A published guidance page (markdown and sanitised HTML)', params: z.object({ slug }) } }, async (req) =>
    svc.getPublicGuidance(req.ctx, req.params.slug),
  );

  // ------------------------------------------------------------ officers and oversight
  r.get('/api/stats/reports', { schema: { tags: ['transparency'], summary: 'Editions with revision and publication time (officers, oversight)' } }, async (req) => svc.listReports(req.ctx));
  r.get(
    '/api/stats/reports/:id',
    { schema: { tags: ['transparency'], summary: 'Full (unsuppressed) report; live build when unpublished or live=true', params: z.object({ id: editionId }), querystring: z.object({ live: bool.optional() }) } },
    async (req) => svc.getReport(req.ctx, req.params.id, { live: req.query.live }),
  );
  r.post(
    '/api/stats/reports/:id/publish',
    { schema: { tags: ['transparency'], summary: 'Build and publish an edition at its stable URL (senior officer, admin)', params: z.object({ id: editionId }) } },
    async (req, reply) => reply.status(201).send(await svc.publishReport(req.ctx, req.params.id)),
  );
  r.get(
    '/api/stats/reports/:id/cases',
    {
      schema: {
        tags: ['transparency'],
        summary: 'Drill down from a statistic to its cases (officers, oversight)',
        params: z.object({ id: editionId }),
        querystring: z.object({
          destination: z.string().max(100).optional(),
          outcome: z.string().max(40).optional(),
          caseType: z.string().max(40).optional(),
          controlCategory: z.string().max(40).optional(),
          regime: z.string().max(40).optional(),
          criterion: z.string().max(10).optional(),
          humanitarian: bool.optional(),
          research: bool.optional(),
          withinTarget: bool.optional(),
          appealOutcome: z.enum(['pending', 'upheld', 'overturned']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (req) => svc.drillDown(req.ctx, req.params.id, req.query),
  );
  r.get('/api/stats/indicators', { schema: { tags: ['transparency'], summary: 'All impact indicators per quarter (officers, oversight)', querystring: years } }, async (req) =>
    svc.getIndicators(req.ctx, req.query),
  );

  r.get('/api/guidance', { schema: { tags: ['transparency'], summary: 'All guidance pages with drafts (officers, oversight)' } }, async (req) => ({ pages: await svc.listGuidance(req.ctx) }));
  r.post('/api/guidance', { schema: { tags: ['transparency'], summary: 'Create a guidance page (officers)', body: guidanceBody.extend({ slug }) } }, async (req, reply) =>
    reply.status(201).send(await svc.createGuidance(req.ctx, req.body)),
  );
  r.get('/api/guidance/:slug/versions', { schema: { tags: ['transparency'], summary: 'Version history of a page', params: z.object({ slug }) } }, async (req) =>
    svc.guidanceVersions(req.ctx, req.params.slug),
  );
  r.put('/api/guidance/:slug', { schema: { tags: ['transparency'], summary: 'Save a new version of a page (officers)', params: z.object({ slug }), body: guidanceBody } }, async (req) =>
    svc.updateGuidance(req.ctx, req.params.slug, req.body),
  );
  r.post(
    '/api/guidance/:slug/publish',
    { schema: { tags: ['transparency'], summary: 'Publish a version (roll back or forward)', params: z.object({ slug }), body: z.object({ version: z.number().int().min(1).max(1_000_000) }) } },
    async (req) => svc.publishGuidanceVersion(req.ctx, req.params.slug, req.body.version),
  );

  r.post(
    '/api/oversight/observations',
    { schema: { tags: ['transparency'], summary: 'Record an oversight observation on a case (oversight)', body: z.object({ caseId: z.string().min(1).max(100), text: z.string().trim().min(3).max(10_000) }) } },
    async (req, reply) => reply.status(201).send(await svc.recordObservation(req.ctx, req.body)),
  );
  r.get(
    '/api/oversight/observations',
    {
      schema: {
        tags: ['transparency'],
        summary: 'Oversight observations (senior officers, admin, oversight)',
        querystring: z.object({ caseId: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0) }),
      },
    },
    async (req) => svc.listObservations(req.ctx, req.query),
  );
}
