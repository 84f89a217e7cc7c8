import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import { invalid } from '../../platform/errors.js';
import * as svc from './screening.service.js';
import * as lists from './lists.service.js';
import * as batch from './batch.service.js';
import { SOURCE_NAMES } from './lists/sources.js';
import { entityProfile } from './entities.service.js';

export { REFRESH_JOB } from './lists.service.js';

const Query = {
  name: z.string().max(300),
  type: z.string().max(40).optional(),
  country: z.string().max(100).optional(),
  dateOfBirth: z.string().max(10).optional(),
  identifiers: z.array(z.string().max(100)).max(20).optional(),
};
const Opts = { threshold: z.number().min(0).max(1).optional(), limit: z.number().int().min(1).max(svc.MAX_LIMIT).optional() };
const PartyBody = z.object({
  name: z.string().max(300),
  type: z.string().max(40).nullish(),
  country: z.string().max(100).nullish(),
  dateOfBirth: z.string().max(10).nullish(),
  organisationId: z.string().max(100).optional(),
});
const Id = z.object({ id: z.string().max(200) });
const BatchRow = z.object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string().max(300), type: z.string().max(40).optional(), country: z.string().max(100).optional(), dob: z.string().max(10).optional(), dateOfBirth: z.string().max(10).optional() });
const BatchObject = z.object({ rows: z.array(BatchRow).max(batch.BATCH_MAX), ...Opts, async: z.boolean().optional() });
const BatchQuery = z.object({ threshold: z.coerce.number().min(0).max(1).optional(), limit: z.coerce.number().int().min(1).max(svc.MAX_LIMIT).optional(), async: z.enum(['true', 'false']).optional() });

function zodFields(err: z.ZodError, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of err.issues.slice(0, 20)) out[prefix + (i.path.join('.') || 'body')] = i.message;
  return out;
}

export function screeningRoutes(app: FastifyInstance, _deps: Deps) {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/screening/search',
    { schema: { tags: ['screening'], summary: 'Screen a name against the current lists; best first, with explanations', body: z.object({ ...Query, ...Opts }) } },
    async (req) => svc.search(req.ctx, req.body),
  );

  r.post(
    '/api/screening/batch',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags: ['screening'],
        summary: 'Screen many parties: a JSON array (or {rows, threshold, limit, async}), a text/csv body or a multipart CSV upload (field "file"), columns id,name[,type,country,dob]. Up to 100 rows answer at once; larger inputs run as a job (202).',
        querystring: BatchQuery,
      },
    },
    async (req, reply) => {
      const q = req.query;
      let rows: batch.BatchRow[];
      let opts: { threshold?: number; limit?: number; async?: boolean; label?: (i: number) => string } = { threshold: q.threshold, limit: q.limit, async: q.async === 'true' };
      if (req.isMultipart()) {
        const file = await req.file();
        if (!file) throw invalid({ file: 'upload a CSV file in the "file" field' });
        const buf = await file.toBuffer();
        if (buf.includes(0)) throw invalid({ file: 'is not a text CSV file' });
        rows = batch.parsePartiesCsv(buf.toString('utf8'));
        opts.label = (i) => `line ${i + 2}`;
      } else if (typeof req.body === 'string') {
        rows = batch.parsePartiesCsv(req.body);
        opts.label = (i) => `line ${i + 2}`;
      } else if (Array.isArray(req.body)) {
        const parsed = z.array(BatchRow).max(batch.BATCH_MAX).safeParse(req.body);
        if (!parsed.success) throw invalid(zodFields(parsed.error, 'rows.'));
        rows = parsed.data;
      } else {
        const parsed = BatchObject.safeParse(req.body ?? {});
        if (!parsed.success) throw invalid(zodFields(parsed.error));
        rows = parsed.data.rows;
        opts = { threshold: parsed.data.threshold ?? opts.threshold, limit: parsed.data.limit ?? opts.limit, async: parsed.data.async ?? opts.async };
      }
      const res = await batch.createBatch(req.ctx, rows, opts);
      return reply.status(res.mode === 'job' ? 202 : 200).send(res);
    },
  );
  r.get('/api/screening/batch/:id', { schema: { tags: ['screening'], summary: 'A batch you started: status and counts', params: Id } }, async (req) => batch.getBatch(req.ctx, req.params.id));
  r.get('/api/screening/batch/:id/results', { schema: { tags: ['screening'], summary: 'Download a finished batch: one JSON line per input row {"id","matches"}', params: Id } }, async (req, reply) => {
    const body = await batch.batchResults(req.ctx, req.params.id);
    return reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('content-disposition', `attachment; filename="screening-${req.params.id}.jsonl"`).send(body);
  });

  r.get(
    '/api/screening/lists',
    { schema: { tags: ['screening'], summary: 'Sources, their URLs/env vars, and list versions (newest first)', querystring: z.object({ source: z.enum(SOURCE_NAMES as [string, ...string[]]).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }) } },
    async (req) => lists.listListVersions(req.ctx, req.query),
  );
  r.get(
    '/api/screening/lists/versions/:id',
    { schema: { tags: ['screening'], summary: 'One list version with its diff (added / removed / changed entities)', params: Id, querystring: z.object({ change: z.enum(['added', 'removed', 'changed']).optional(), limit: z.coerce.number().int().min(1).max(1000).optional(), offset: z.coerce.number().int().min(0).optional() }) } },
    async (req) => lists.getListVersion(req.ctx, req.params.id, req.query),
  );
  r.post(
    '/api/screening/lists/update',
    { schema: { tags: ['screening'], summary: 'Fetch the lists from their configured URLs now, as a job (admin)', body: z.object({ source: z.enum(SOURCE_NAMES as [string, ...string[]]).optional() }) } },
    async (req, reply) => reply.status(202).send(await lists.requestListUpdate(req.ctx, req.body.source)),
  );
  r.get('/api/screening/entities/:id', { schema: { tags: ['screening'], summary: 'A listed entity as currently listed', params: Id } }, async (req) => lists.getEntity(req.ctx, req.params.id));
  r.get('/api/screening/profiles/:id', { schema: { tags: ['screening'], summary: 'One entity across every list (by a listing id or its entity id): names, addresses, identifiers, programmes, listings, source links', params: Id } }, async (req) => entityProfile(req.ctx, req.params.id));

  r.get(
    '/api/screening/parties',
    { schema: { tags: ['screening'], summary: 'Stored parties (your organisation’s; officers see all)', querystring: z.object({ status: z.enum(['clear', 'review', 'match']).optional(), subjectType: z.string().max(50).optional(), organisationId: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() }) } },
    async (req) => svc.listParties(req.ctx, req.query),
  );
  r.post('/api/screening/parties', { schema: { tags: ['screening'], summary: 'Add a counterparty; it is screened at once and hits go to the review queue', body: PartyBody } }, async (req, reply) =>
    reply.status(201).send(await svc.createParty(req.ctx, req.body)),
  );
  r.get('/api/screening/parties/:id', { schema: { tags: ['screening'], summary: 'A party with its hits and screenings', params: Id } }, async (req) => svc.getParty(req.ctx, req.params.id));
  r.patch('/api/screening/parties/:id', { schema: { tags: ['screening'], summary: 'Change a counterparty; it is screened again', params: Id, body: PartyBody.omit({ organisationId: true }).partial() } }, async (req) =>
    svc.updateParty(req.ctx, req.params.id, req.body),
  );
  r.delete('/api/screening/parties/:id', { schema: { tags: ['screening'], summary: 'Remove a counterparty', params: Id } }, async (req, reply) => {
    await svc.deleteParty(req.ctx, req.params.id);
    return reply.status(204).send();
  });
  r.post('/api/screening/parties/:id/rescreen', { schema: { tags: ['screening'], summary: 'Screen a party again now', params: Id } }, async (req) => svc.rescreenParty(req.ctx, req.params.id));

  r.get(
    '/api/screening/hits',
    { schema: { tags: ['screening'], summary: 'Review queue: hits on stored parties (status=pending for open and escalated)', querystring: z.object({ status: z.enum(['pending', 'open', 'escalated', 'true_match', 'false_positive', 'withdrawn']).optional(), partyId: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() }) } },
    async (req) => svc.listHits(req.ctx, req.query),
  );
  r.get('/api/screening/hits/:id', { schema: { tags: ['screening'], summary: 'A hit with the listing, its decisions and whether the listing changed since', params: Id } }, async (req) => svc.getHit(req.ctx, req.params.id));
  r.post(
    '/api/screening/hits/:id/decision',
    { schema: { tags: ['screening'], summary: 'Decide a hit: true_match, false_positive or escalate, with a reason', params: Id, body: z.object({ decision: z.enum(['true_match', 'false_positive', 'escalate']), reason: z.string().max(2000) }) } },
    async (req) => svc.decideHit(req.ctx, req.params.id, req.body),
  );
}
