import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import { invalid } from '../../platform/errors.js';
import { Declaration, zodFields } from './customs.schema.js';
import { submitDeclaration } from './submit-declaration.service.js';
import { getDeclaration, listDeclarations } from './read-declarations.service.js';
import { cancelDeclaration } from './cancel-declaration.service.js';
import { decideHold, listHolds } from './holds.service.js';
import { licenceBalance, lookupLicences } from './licence-lookup.service.js';
import { BATCH_BODY_LIMIT, batchResults, createBatch, getBatch } from './batch.service.js';
import { listGeneralLicences, updateGeneralLicence } from './gl-terms.service.js';
import { listRegistrations, registerForGeneralLicence, setRegistrationStatus } from './gl-registrations.service.js';
import { fileReturn, listReturns, overdueReturns } from './gl-returns.service.js';
import { exporterReconciliation, licenceReconciliation } from './reconciliation.service.js';

const Id = z.object({ id: z.string().max(100) });
const Page = { limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() };
const Reason = z.object({ reason: z.string().max(2000) });
const Format = z.object({ format: z.enum(['json', 'csv']).optional() });
const tags = ['customs'];

export function customsRoutes(app: FastifyInstance, _deps: Deps) {
  for (const type of ['text/csv', 'application/x-ndjson', 'application/ndjson'])
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: BATCH_BODY_LIMIT }, (_req, body, done) => done(null, body));
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/customs/declarations',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Declare an export: one declaration as JSON (201, or 200 with duplicate:true when re-posted), or a batch as NDJSON (one declaration per line) or CSV (one item per row) run as a job (202) with a per-line result file',
      },
    },
    async (req, reply) => {
      const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'text/csv' || type.endsWith('ndjson')) {
        if (typeof req.body !== 'string') throw invalid({ body: 'send the batch as the request body' });
        return reply.status(202).send(await createBatch(req.ctx, { format: type === 'text/csv' ? 'csv' : 'ndjson', text: req.body }));
      }
      const parsed = Declaration.safeParse(req.body ?? {});
      if (!parsed.success) throw invalid(zodFields(parsed.error), 'The declaration is invalid; nothing was stored');
      const res = await submitDeclaration(req.ctx, parsed.data);
      return reply.status(res.duplicate ? 200 : 201).send(res);
    },
  );
  r.get(
    '/api/customs/declarations',
    { schema: { tags, summary: 'Declarations, newest first (exporters: their own)', querystring: z.object({ status: z.enum(['active', 'cancelled']).optional(), lineStatus: z.enum(['released', 'held', 'rejected']).optional(), reference: z.string().max(70).optional(), ...Page }) } },
    async (req) => listDeclarations(req.ctx, req.query),
  );
  r.get('/api/customs/declarations/:id', { schema: { tags, summary: 'A declaration with its lines and reasons', params: Id } }, async (req) => getDeclaration(req.ctx, req.params.id));
  r.post('/api/customs/declarations/:id/cancel', { schema: { tags, summary: 'Cancel a declaration; released lines give their usage back to the licence', params: Id, body: Reason } }, async (req) =>
    cancelDeclaration(req.ctx, req.params.id, req.body.reason),
  );

  r.get('/api/customs/batches/:id', { schema: { tags, summary: 'A declaration batch: status and counts', params: Id } }, async (req) => getBatch(req.ctx, req.params.id));
  r.get('/api/customs/batches/:id/results', { schema: { tags, summary: 'Per-line results of a finished batch (JSON lines)', params: Id } }, async (req, reply) => {
    const body = await batchResults(req.ctx, req.params.id);
    return reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('content-disposition', `attachment; filename="customs-batch-${req.params.id}.jsonl"`).send(body);
  });

  r.get('/api/customs/holds', { schema: { tags, summary: 'Holds queue: held lines with reasons and the licence beside each', querystring: z.object(Page) } }, async (req) => listHolds(req.ctx, req.query));
  r.post(
    '/api/customs/lines/:id/decision',
    { schema: { tags, summary: 'Release or refuse a held line, with a reason (customs officers)', params: Id, body: z.object({ decision: z.enum(['release', 'refuse']), reason: z.string().max(2000) }) } },
    async (req) => decideHold(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/api/customs/licences',
    { schema: { tags, summary: 'Licence lookup by reference, holder or verification code; exporters: their own licences and balances', querystring: z.object({ reference: z.string().max(80).optional(), holder: z.string().max(200).optional(), verificationCode: z.string().max(20).optional(), limit: Page.limit }) } },
    async (req) => lookupLicences(req.ctx, req.query),
  );
  r.get('/api/customs/licences/:id', { schema: { tags, summary: 'A licence: authorised, shipped and remaining per good', params: Id } }, async (req) => licenceBalance(req.ctx, req.params.id));

  r.get('/api/customs/general-licences', { schema: { tags, summary: 'General licences customs checks against, with registration terms' } }, async (req) => listGeneralLicences(req.ctx));
  r.patch(
    '/api/customs/general-licences/:id',
    { schema: { tags, summary: 'Change registration terms of a general licence (licensing officers)', params: Id, body: z.object({ registrationTiming: z.enum(['before_first_use', 'after_first_use']).optional(), registrationDeadlineDays: z.number().int().min(0).max(365).optional(), returnPeriodMonths: z.number().int().min(1).max(12).optional(), returnDueDays: z.number().int().min(1).max(180).optional() }) } },
    async (req) => updateGeneralLicence(req.ctx, req.params.id, req.body),
  );
  r.post('/api/customs/general-licences/:id/registrations', { schema: { tags, summary: 'Register your organisation for a general licence', params: Id } }, async (req, reply) =>
    reply.status(201).send(await registerForGeneralLicence(req.ctx, req.params.id)),
  );
  r.get('/api/customs/registrations', { schema: { tags, summary: 'General-licence registrations (exporters: their own)', querystring: z.object({ status: z.enum(['registered', 'pending', 'suspended']).optional(), ...Page }) } }, async (req) =>
    listRegistrations(req.ctx, req.query),
  );
  r.post('/api/customs/registrations/:id/suspend', { schema: { tags, summary: 'Suspend a registration, with a reason', params: Id, body: Reason } }, async (req) => setRegistrationStatus(req.ctx, req.params.id, 'suspend', req.body.reason));
  r.post('/api/customs/registrations/:id/reinstate', { schema: { tags, summary: 'Reinstate a suspended registration, with a reason', params: Id, body: Reason } }, async (req) =>
    setRegistrationStatus(req.ctx, req.params.id, 'reinstate', req.body.reason),
  );
  r.get('/api/customs/returns', { schema: { tags, summary: 'Periodic returns of general-licence use (exporters: their own)', querystring: z.object({ status: z.enum(['due', 'filed']).optional(), ...Page }) } }, async (req) => listReturns(req.ctx, req.query));
  r.get('/api/customs/returns/overdue', { schema: { tags, summary: 'Returns past their due date (officers)' } }, async (req) => overdueReturns(req.ctx));
  r.post('/api/customs/returns/:id/file', { schema: { tags, summary: 'File a return: the use recorded by customs for the period, with a note', params: Id, body: z.object({ note: z.string().max(4000).optional() }) } }, async (req) =>
    fileReturn(req.ctx, req.params.id, req.body.note),
  );

  r.get('/api/customs/reconciliation/licences/:id', { schema: { tags, summary: 'Authorised vs shipped vs remaining for a licence, with held lines and why (JSON or CSV)', params: Id, querystring: Format } }, async (req, reply) => {
    const res = await licenceReconciliation(req.ctx, req.params.id, req.query.format ?? 'json');
    return typeof res === 'string' ? reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="reconciliation-licence.csv"`).send(res) : res;
  });
  r.get('/api/customs/reconciliation/exporters/:id', { schema: { tags, summary: 'Per exporter (organisation id): every licence reconciled and general-licence use (JSON or CSV)', params: Id, querystring: Format } }, async (req, reply) => {
    const res = await exporterReconciliation(req.ctx, req.params.id, req.query.format ?? 'json');
    return typeof res === 'string' ? reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="reconciliation-exporter.csv"`).send(res) : res;
  });
}
