import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as svc from './classification.service.js';
import { previewPublication, publishRuling } from './classification.publication.js';
import { CONTROL_LISTS } from './classification.controls.js';

const tags = ['classification'];

const ParameterIn = z.object({
  name: z.string().trim().min(1, 'is required').max(100, 'is longer than 100 characters').describe('Parameter name, e.g. "frequency"'),
  value: z.union([z.string().trim().min(1, 'is required').max(100, 'is longer than 100 characters'), z.number().finite()], { error: 'is required: a number or text' }).describe('Value, e.g. 5.8 or "5.8"'),
  unit: z.string().trim().max(30, 'is longer than 30 characters').nullable().optional().describe('Unit, e.g. "GHz"'),
});
const Parameter = z.object({ name: z.string(), value: z.string(), unit: z.string().nullable() });

const FileBody = z.object({
  productName: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'is longer than 200 characters'),
  description: z.string({ error: 'is required' }).trim().min(1, 'is required').max(10000, 'is longer than 10,000 characters'),
  manufacturer: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'is longer than 200 characters'),
  partNumber: z.string().trim().max(100, 'is longer than 100 characters').nullable().optional(),
  publishPartNumber: z.boolean().default(false).describe('Consent to show the part number in published (redacted) rulings'),
  publishDescription: z.boolean().default(false).describe('Consent to show the product description (redacted) in the published ruling'),
  parameters: z.array(ParameterIn).max(50, 'at most 50 parameters').default([]),
});

const Ruling = z.object({
  list: z.string().nullable(),
  code: z.string().nullable(),
  title: z.string().nullable(),
  notListed: z.boolean(),
  rationale: z.string(),
  ruledAt: z.string(),
  ruledBy: z.string().optional().describe('Authority users only'),
});
const Datasheet = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), uploadedAt: z.string() });
const Request = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(svc.STATUSES),
  productName: z.string(),
  description: z.string(),
  manufacturer: z.string(),
  partNumber: z.string().nullable(),
  publishPartNumber: z.boolean(),
  publishDescription: z.boolean(),
  parameters: z.array(Parameter),
  organisation: z.object({ id: z.string(), name: z.string() }),
  requestedBy: z.string().nullable(),
  datasheet: Datasheet.nullable(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  ruling: Ruling.nullable(),
});
const RequestSummary = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(svc.STATUSES),
  productName: z.string(),
  manufacturer: z.string(),
  partNumber: z.string().nullable(),
  organisation: z.object({ id: z.string(), name: z.string() }),
  hasDatasheet: z.boolean(),
  submittedAt: z.string(),
  ruling: z.object({ list: z.string().nullable(), code: z.string().nullable(), title: z.string().nullable(), notListed: z.boolean(), ruledAt: z.string() }).nullable(),
});
const PrecedentRuling = z.object({ list: z.string().nullable(), code: z.string().nullable(), title: z.string().nullable(), notListed: z.boolean(), rationale: z.string(), ruledAt: z.string() });
const Precedent = z.object({
  view: z.enum(['full', 'redacted']),
  own: z.boolean(),
  requestId: z.string().nullable(),
  reference: z.string(),
  productName: z.string(),
  description: z.string(),
  manufacturer: z.string(),
  partNumber: z.string().nullable(),
  organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  parameters: z.array(Parameter),
  ruling: PrecedentRuling,
  score: z.number().describe('0..1, higher is more similar'),
  textScore: z.number().nullable(),
  parameterScore: z.number().nullable(),
  matchedParameters: z.array(z.string()),
});
const Rating = z.object({ list: z.string().nullable(), code: z.string().nullable(), title: z.string().nullable(), notListed: z.boolean(), ruledAt: z.string() });
const Publication = z.object({
  reference: z.string(),
  publicSummary: z.string().describe('Written for publication by the officer, redacted'),
  description: z.string().nullable().describe('Product description, redacted; only with the exporter\'s consent'),
  partNumber: z.string().nullable().describe('Only with the exporter\'s consent'),
  parameters: z.array(Parameter).describe('The technical parameters that decided the rating, redacted'),
  rating: Rating,
});
const PublicRuling = Publication.extend({ publishedAt: z.string(), score: z.number().optional() });
const PublicationBody = z.object({
  publicSummary: z.string({ error: 'is required' }).trim().min(20, 'write a public summary of at least 20 characters').max(2000, 'is longer than 2,000 characters'),
  parameters: z.array(z.string().trim().min(1).max(100)).max(50).default([]).describe('Names of the parameters that decided the rating'),
});
const Id = z.object({ id: z.string().min(1).max(100) });

export function classificationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/classification/requests',
    {
      schema: {
        tags,
        summary: 'File a classification request for a product (exporter, exporter_admin). Send an Idempotency-Key header to make retries safe',
        headers: z.object({ 'idempotency-key': z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be 1-200 printable characters').optional() }).passthrough(),
        body: FileBody,
        response: { 201: Request },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.fileRequest(req.ctx, req.body, { idempotencyKey: req.headers['idempotency-key'] })),
  );

  r.get(
    '/api/classification/requests',
    {
      schema: {
        tags,
        summary: 'List classification requests: exporters see their organisation\'s; officers, admin and oversight all; advisers, customs and enforcement the ruled ones',
        querystring: z.object({
          status: z.enum(svc.STATUSES).optional(),
          q: z.string().max(200).optional().describe('Part of the reference, product name, manufacturer or part number'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ total: z.number(), requests: z.array(RequestSummary) }) },
      },
    },
    async (req) => svc.listRequests(req.ctx, req.query),
  );

  r.get(
    '/api/classification/requests/:id',
    { schema: { tags, summary: 'One classification request with its parameters, datasheet and ruling (another organisation\'s is 404)', params: Id, response: { 200: Request } } },
    async (req) => svc.getRequest(req.ctx, req.params.id),
  );

  r.post(
    '/api/classification/requests/:id/datasheet',
    {
      schema: {
        tags,
        summary: 'Attach the product datasheet (multipart/form-data, field "file"; PDF, PNG, JPEG, text or CSV up to 10 MB) while the request awaits a ruling',
        consumes: ['multipart/form-data'],
        params: Id,
        response: { 201: z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), sha256: z.string(), uploadedAt: z.string() }) },
      },
    },
    async (req, reply) => {
      const stored = await svc.uploadDatasheet(req.ctx, req.params.id, async () => {
        const part = await req.file();
        if (!part) return undefined;
        return { filename: part.filename, contentType: part.mimetype, data: await part.toBuffer() };
      });
      return reply.status(201).send(stored);
    },
  );

  r.get(
    '/api/classification/requests/:id/datasheet',
    { schema: { tags, summary: 'Download the datasheet of a request you may see', params: Id } },
    async (req, reply) => {
      const f = await svc.getDatasheet(req.ctx, req.params.id);
      return reply
        .header('content-disposition', `attachment; filename="${f.filename.replace(/"/g, '')}"`)
        .type(f.contentType)
        .send(f.data);
    },
  );

  r.post(
    '/api/classification/requests/:id/ruling',
    {
      schema: {
        tags,
        summary: 'Rule on a request (licensing_officer, senior_officer): a control entry down to the sub-item, or notListed, with a rationale',
        params: Id,
        body: z.object({
          list: z.enum(CONTROL_LISTS).optional().describe('Control list of the code; default eu'),
          code: z.string().trim().max(60).nullable().optional().describe('e.g. 5A002.a.1'),
          notListed: z.boolean().optional(),
          rationale: z.string({ error: 'is required' }).trim().min(10, 'explain the ruling (at least 10 characters)').max(10000, 'is longer than 10,000 characters'),
        }),
        response: { 200: Request },
      },
    },
    async (req) => svc.ruleOnRequest(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/api/classification/precedents',
    {
      schema: {
        tags,
        summary: 'Earlier rulings on similar products (text and technical parameters) with the rating they got; exporters see other organisations\' precedents redacted',
        querystring: z.object({
          q: z.string().max(500).optional().describe('Words describing the product'),
          param: z
            .union([z.string().max(200), z.array(z.string().max(200)).max(20)])
            .optional()
            .describe('Technical parameter as name:value or name:value:unit (e.g. frequency:5.8:GHz); repeat for several'),
          like: z.string().max(100).optional().describe('A request id: find precedents similar to that request'),
          limit: z.coerce.number().int().min(1).max(50).default(10),
        }),
        response: { 200: z.object({ total: z.number(), results: z.array(Precedent) }) },
      },
    },
    async (req) => {
      const { param, ...rest } = req.query;
      return svc.searchPrecedents(req.ctx, { ...rest, param: param === undefined ? undefined : Array.isArray(param) ? param : [param] });
    },
  );

  r.post(
    '/api/classification/requests/:id/publication/preview',
    {
      schema: {
        tags,
        summary: 'Preview the published ruling (licensing_officer, senior_officer): exactly what the public will see, what redaction removed, and what is left out for lack of consent',
        params: Id,
        body: PublicationBody,
        response: { 200: z.object({ publication: Publication, removed: z.array(z.string()), notes: z.array(z.string()), alreadyPublished: z.boolean() }) },
      },
    },
    async (req) => previewPublication(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/api/classification/requests/:id/publication',
    {
      schema: {
        tags,
        summary: 'Publish a ruling as previewed (licensing_officer, senior_officer); once only',
        params: Id,
        body: PublicationBody,
        response: { 201: Publication.extend({ publishedAt: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await publishRuling(req.ctx, req.params.id, req.body)),
  );

  r.get(
    '/api/public/rulings',
    {
      config: { public: true },
      schema: {
        tags: ['public'],
        summary: 'Published classification rulings: only what the authority published (public summary, rating, deciding parameters; description and part number only with the exporter\'s consent), redacted',
        querystring: z.object({
          q: z.string().max(500).optional().describe('Words; ranks by similarity'),
          code: z.string().max(60).optional().describe('Control code or prefix, e.g. 5A002'),
          limit: z.coerce.number().int().min(1).max(100).default(20),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ total: z.number(), rulings: z.array(PublicRuling) }) },
      },
    },
    async (req) => svc.publicRulings(req.ctx, req.query),
  );
}
