import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../../platform/errors.js';
import { CATEGORIES, CONTACT_CHANNELS, anonymous, attachAsReporter, readAsReporter, replyAsReporter, submitConcern } from './hotline.service.js';
import { TokenBucket } from './token-bucket.js';
import { addInvestigatorFile, askReporter, getConcern, listConcerns, readConcernFile, setConcernStatus } from './concerns.service.js';

const tags = ['enforcement'];
const text = (min: number, max: number) => z.string().trim().min(min, `write at least ${min} characters`).max(max, `is longer than ${max.toLocaleString('en')} characters`);
const Receipt = z.object({ receipt: z.string().trim().regex(/^CW-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}$/, 'is not a receipt code (CW-XXXX-XXXX-XXXX)') });
const PassHeader = z.object({ 'x-concern-passphrase': z.string().max(100).optional() }).passthrough();
const Id = z.object({ id: z.string().min(1).max(100) });

/** Reads one multipart file ("file" field), with its declared type. */
async function readFile(req: FastifyRequest) {
  if (!req.isMultipart()) throw invalid({ file: 'send the file as multipart/form-data with a "file" field' });
  const part = await req.file();
  if (!part) throw invalid({ file: 'is missing' });
  return { contentType: part.mimetype, data: await part.toBuffer() };
}

export function hotlineRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Shared buckets, no addresses: a burst of 20 reports then 10 a minute; 60 reads/replies then 60 a minute.
  const reports = new TokenBucket(20, 10);
  const visits = new TokenBucket(60, 60);

  r.post(
    '/api/public/concerns',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Report a concern anonymously (no sign-in). Returns a receipt and a passphrase, shown once: keep both to read questions and answer',
        body: z.object({
          category: z.enum(CATEGORIES),
          subject: text(2, 300).optional().describe('Who or what the concern is about'),
          country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'use a two-letter country code').optional(),
          description: text(20, 20000),
          contact: z.object({ channel: z.enum(CONTACT_CHANNELS), value: text(3, 300) }).optional().describe('Only if you want us to be able to reach you'),
        }),
        response: { 201: z.object({ receipt: z.string(), passphrase: z.string() }) },
      },
    },
    async (req, reply) => {
      reports.take('reports');
      return reply.status(201).send(await submitConcern(anonymous(req.ctx), req.body));
    },
  );
  r.get(
    '/api/public/concerns/:receipt/messages',
    { config: { public: true }, schema: { tags, summary: 'The report\'s conversation, for the reporter: send the passphrase in the X-Concern-Passphrase header', params: Receipt, headers: PassHeader } },
    async (req) => {
      visits.take('visits');
      return readAsReporter(anonymous(req.ctx), req.params.receipt, req.headers['x-concern-passphrase']);
    },
  );
  r.post(
    '/api/public/concerns/:receipt/messages',
    {
      config: { public: true },
      schema: { tags, summary: 'Answer the investigators (passphrase in the body or the X-Concern-Passphrase header)', params: Receipt, headers: PassHeader, body: z.object({ passphrase: z.string().max(100).optional(), body: text(1, 20000) }) },
    },
    async (req, reply) => {
      visits.take('visits');
      return reply.status(201).send(await replyAsReporter(anonymous(req.ctx), req.params.receipt, req.body.passphrase ?? req.headers['x-concern-passphrase'], req.body.body));
    },
  );
  r.post(
    '/api/public/concerns/:receipt/files',
    { config: { public: true }, schema: { tags, summary: 'Add a file (multipart "file"; PDF, PNG, JPEG, text; 10 MB). Metadata (Exif, PDF document info) is removed before storage', params: Receipt, headers: PassHeader } },
    async (req, reply) => {
      visits.take('visits');
      return reply.status(201).send(await attachAsReporter(anonymous(req.ctx), req.params.receipt, req.headers['x-concern-passphrase'], () => readFile(req)));
    },
  );

  r.get(
    '/api/enforcement/concerns',
    { schema: { tags, summary: 'Hotline reports, latest activity first', querystring: z.object({ status: z.enum(['new', 'in_review', 'closed']).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), offset: z.coerce.number().int().min(0).optional() }) } },
    async (req) => listConcerns(req.ctx, req.query),
  );
  r.get('/api/enforcement/concerns/:id', { schema: { tags, summary: 'A hotline report with its conversation and files', params: Id } }, async (req) => getConcern(req.ctx, req.params.id));
  r.post('/api/enforcement/concerns/:id/messages', { schema: { tags, summary: 'Ask the reporter a question (they read it with their receipt)', params: Id, body: z.object({ body: text(1, 20000) }) } }, async (req, reply) =>
    reply.status(201).send(await askReporter(req.ctx, req.params.id, req.body.body)),
  );
  r.post('/api/enforcement/concerns/:id/status', { schema: { tags, summary: 'Mark a report in review or closed', params: Id, body: z.object({ status: z.enum(['in_review', 'closed']), reason: text(3, 2000) }) } }, async (req) =>
    setConcernStatus(req.ctx, req.params.id, req.body.status, req.body.reason),
  );
  r.post('/api/enforcement/concerns/:id/files', { schema: { tags, summary: 'Add a file to a report (metadata removed the same way)', params: Id } }, async (req, reply) =>
    reply.status(201).send(await addInvestigatorFile(req.ctx, req.params.id, () => readFile(req))),
  );
  r.get('/api/enforcement/concerns/:id/files/:fileId', { schema: { tags, summary: 'Download a report\'s file', params: z.object({ id: z.string().max(100), fileId: z.string().max(100) }) } }, async (req, reply) => {
    const f = await readConcernFile(req.ctx, req.params.id, req.params.fileId);
    return reply.type(f.contentType).header('content-disposition', `attachment; filename="${f.filename}"`).header('x-content-type-options', 'nosniff').send(f.data);
  });
}
