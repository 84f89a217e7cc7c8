import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import { invalid } from '../../platform/errors.js';
import * as apps from './applications.service.js';
import * as cases from './cases.service.js';
import * as licences from './licences.service.js';
import * as denials from './denials.service.js';
import * as config from './config.service.js';
import { ADVICE_DECISIONS, DOCUMENT_KINDS, FINAL_OUTCOMES, PARTY_ROLES, THIRD_PARTY_SUB_ROLES } from './licensing.repository.js';
import { LICENCE_ACTIONS } from './licences.service.js';
import * as licenceDoc from './licence-document.js';
import { workspaceRoutes } from './workspace.routes.js';

const country = z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO country code');
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const id = z.string().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);

const Good = z.object({
  productId: id.nullish(),
  description: z.string().trim().max(2000).nullish(),
  rating: z.string().trim().max(40).nullish(),
  quantity: z.number().positive().max(1e12),
  unit: text(30),
  value: z.number().min(0).max(1e13),
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO currency code'),
});
const Party = z.object({
  /** An existing party's id keeps it (and the documents attached to it) when the parties are saved again. */
  id: id.optional(),
  role: z.enum(PARTY_ROLES),
  subRole: z.enum(THIRD_PARTY_SUB_ROLES).nullish(),
  name: text(300),
  address: text(1000),
  country,
  type: z.enum(['entity', 'individual']).optional(),
  website: z.string().max(300).nullish(),
});
const ApplicationBody = z.object({
  caseType: z.string().max(40).optional(),
  exportType: z.enum(['permanent', 'temporary']).optional(),
  temporaryReturnDate: isoDay.nullish(),
  destination: country.nullish(),
  transit: z.array(country).max(20).optional(),
  endUse: z.string().max(5000).nullish(),
  declarations: z
    .object({ militaryEndUse: z.boolean().optional(), wmdInformed: z.boolean().optional(), wmdSuspected: z.boolean().optional(), humanitarian: z.boolean().optional(), accepted: z.boolean().optional() })
    .optional(),
  goods: z.array(Good).max(200).optional(),
  parties: z.array(Party).max(50).optional(),
});

const Params = z.object({ id });
const idempotencyKey = (req: FastifyRequest): string | undefined => {
  const k = req.headers['idempotency-key'];
  if (k === undefined) return undefined;
  if (typeof k !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(k)) throw invalid({ 'Idempotency-Key': 'must be 1-200 printable characters' });
  return k;
};
const Reason = z.object({ reason: z.string().trim().max(2000).optional() });

export function licensingRoutes(app: FastifyInstance, _deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Denial files may be posted as text/csv (scoped to this plugin).
  workspaceRoutes(app);
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  // ---------------------------------------------------------------- catalogue
  r.get('/api/products', { schema: { tags: ['licensing'], summary: "Your organisation's product catalogue" } }, async (req) => ({ products: await apps.listProducts(req.ctx) }));
  r.post(
    '/api/products',
    { schema: { tags: ['licensing'], summary: 'Add a product (rated, or unrated with a description)', body: z.object({ name: text(200), description: text(2000), rating: z.string().trim().max(40).nullish(), partNumber: z.string().max(100).nullish() }) } },
    async (req, reply) => reply.status(201).send(await apps.createProduct(req.ctx, req.body)),
  );

  // ---------------------------------------------------------------- applications (exporter)
  r.post(
    '/api/applications',
    { schema: { tags: ['licensing'], summary: 'Create a draft application → {id, status:"draft"}. Optional Idempotency-Key header.', body: ApplicationBody } },
    async (req, reply) => reply.status(201).send(await apps.createApplication(req.ctx, req.body, { idempotencyKey: idempotencyKey(req) })),
  );
  r.get(
    '/api/applications',
    { schema: { tags: ['licensing'], summary: "Your organisation's applications", querystring: z.object({ status: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() }) } },
    async (req) => ({ applications: await apps.listApplications(req.ctx, req.query), total: await apps.countApplications(req.ctx, req.query), limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 }),
  );
  r.get('/api/applications/:id', { schema: { tags: ['licensing'], summary: 'One application (status, goods, parties, questions, decision, licences, clock)', params: Params } }, async (req) => apps.getApplication(req.ctx, req.params.id));
  r.put('/api/applications/:id', { schema: { tags: ['licensing'], summary: 'Edit a draft (goods and parties are replaced when given)', params: Params, body: ApplicationBody } }, async (req) => apps.updateApplication(req.ctx, req.params.id, req.body));
  r.post(
    '/api/applications/:id/submit',
    { schema: { tags: ['licensing'], summary: 'Submit → {id, reference, status, determination}. Idempotent with the Idempotency-Key header.', params: Params } },
    async (req) => apps.submitApplication(req.ctx, req.params.id, { idempotencyKey: idempotencyKey(req) }),
  );
  r.post('/api/applications/:id/withdraw', { schema: { tags: ['licensing'], summary: 'Withdraw a submitted application', params: Params, body: Reason.optional() } }, async (req) => apps.withdrawApplication(req.ctx, req.params.id, req.body?.reason));
  r.post('/api/applications/:id/amend', { schema: { tags: ['licensing'], summary: 'Major amendment: a new draft version that supersedes this case when submitted', params: Params } }, async (req, reply) => reply.status(201).send(await apps.amendApplication(req.ctx, req.params.id)));
  r.post(
    '/api/applications/:id/documents',
    { schema: { tags: ['licensing'], summary: 'Upload a supporting document (multipart field "file"; kind as query or field). PDF, PNG, JPEG, text, CSV; 10 MB.', params: Params, querystring: z.object({ kind: z.enum(DOCUMENT_KINDS).optional(), partyId: id.optional() }) } },
    async (req, reply) => {
      const read = async () => {
        if (!req.isMultipart()) throw invalid({ file: 'send the document as multipart/form-data with a "file" field' });
        const part = await req.file();
        if (!part) throw invalid({ file: 'is missing' });
        const data = await part.toBuffer();
        const fieldKind = (part.fields.kind as { value?: unknown } | undefined)?.value;
        const kind = req.query.kind ?? (typeof fieldKind === 'string' ? fieldKind : 'other');
        const fieldParty = (part.fields.partyId as { value?: unknown } | undefined)?.value;
        const partyId = req.query.partyId ?? (typeof fieldParty === 'string' && fieldParty ? fieldParty : null);
        return { kind, partyId, filename: part.filename, contentType: part.mimetype, data };
      };
      return reply.status(201).send(await apps.addDocument(req.ctx, req.params.id, read));
    },
  );
  r.get('/api/applications/:id/documents/:documentId', { schema: { tags: ['licensing'], summary: 'Download a document', params: z.object({ id, documentId: id }) } }, async (req, reply) => {
    const d = await apps.readDocument(req.ctx, req.params.id, req.params.documentId);
    return reply.type(d.contentType).header('content-disposition', `attachment; filename="${d.filename}"`).header('x-content-type-options', 'nosniff').send(d.data);
  });
  r.post(
    '/api/applications/:id/questions/:questionId/answer',
    { schema: { tags: ['licensing'], summary: 'Answer a question from the authority (restarts the clock when none is left open)', params: z.object({ id, questionId: id }), body: z.object({ answer: text(10000) }) } },
    async (req) => apps.answerQuestion(req.ctx, req.params.id, req.params.questionId, req.body.answer),
  );
  r.post(
    '/api/applications/:id/appeal',
    { schema: { tags: ['licensing'], summary: 'Appeal a refusal within 28 days, with grounds and (uploaded) documents', params: Params, body: z.object({ grounds: z.string().trim().min(10).max(20000), documentIds: z.array(id).max(20).optional() }) } },
    async (req, reply) => reply.status(201).send(await apps.lodgeAppeal(req.ctx, req.params.id, req.body)),
  );
  r.get('/api/applications/:id/refusal-letter', { schema: { tags: ['licensing'], summary: 'The refusal letter (PDF)', params: Params } }, async (req, reply) => {
    const l = await licences.refusalLetterPdf(req.ctx, req.params.id);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${l.filename}"`).send(l.data);
  });

  // ---------------------------------------------------------------- cases (authority)
  r.get(
    '/api/cases',
    {
      schema: {
        tags: ['licensing'],
        summary: 'Case queues and search (q: reference, exporter, party or control entry; filters; assignedTo=me|none|userId) by due date, with working days remaining and the total (advisers: only cases referred to their team)',
        querystring: z.object({
          queue: z.string().max(100).optional(),
          status: z.string().max(40).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          q: z.string().max(200).optional(),
          reference: z.string().max(100).optional(),
          exporter: z.string().max(200).optional(),
          party: z.string().max(300).optional(),
          rating: z.string().max(40).optional(),
          destination: country.optional(),
          assignedTo: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).max(1_000_000).optional() }),
      },
    },
    async (req) => cases.listCases(req.ctx, { ...req.query, overdue: req.query.overdue === 'true' }),
  );
  r.get('/api/cases/summary', { schema: { tags: ['licensing'], summary: 'Open cases per queue: open, overdue, due within 5 working days' } }, async (req) => cases.queueSummary(req.ctx));
  r.get('/api/cases/:id', { schema: { tags: ['licensing'], summary: 'The full case: flags, screening, determination, referrals, advice, countersignatures, precedents', params: Params } }, async (req) => cases.getCase(req.ctx, req.params.id));
  r.post(
    '/api/cases/:id/questions',
    { schema: { tags: ['licensing'], summary: 'Ask the exporter a question (stops the clock until answered)', params: Params, body: z.object({ text: text(10000) }) } },
    async (req, reply) => reply.status(201).send(await cases.askQuestion(req.ctx, req.params.id, req.body.text)),
  );
  r.post(
    '/api/cases/:id/referrals',
    { schema: { tags: ['licensing'], summary: "Refer the case to an adviser team (users.team) for advice", params: Params, body: z.object({ team: text(100), note: z.string().max(5000).optional() }) } },
    async (req, reply) => reply.status(201).send(await cases.referCase(req.ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/cases/:id/advice',
    {
      schema: {
        tags: ['licensing'],
        summary: 'Advice on a good × destination × party (omit one to mean all): approve, approve_with_provisos (provisos), refuse (criteria + rationale), no_licence_required. Editing advice invalidates countersignatures.',
        params: Params,
        body: z.object({
          goodId: id.nullish(),
          partyId: id.nullish(),
          destination: country.nullish(),
          decision: z.enum(ADVICE_DECISIONS),
          provisos: z.string().max(10000).nullish(),
          criteria: z.array(z.string().max(10)).max(8).optional(),
          rationale: z.string().max(20000).nullish(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await cases.giveAdvice(req.ctx, req.params.id, req.body)),
  );
  r.post('/api/cases/:id/request-countersignature', { schema: { tags: ['licensing'], summary: 'Send the consolidated advice for countersigning', params: Params } }, async (req) => cases.requestCountersignature(req.ctx, req.params.id));
  r.post(
    '/api/cases/:id/countersign',
    { schema: { tags: ['licensing'], summary: 'Countersign the consolidated advice (senior officer who did not write it)', params: Params, body: z.object({ comment: z.string().max(5000).optional() }).optional() } },
    async (req, reply) => reply.status(201).send(await cases.countersign(req.ctx, req.params.id, req.body ?? {})),
  );
  r.post(
    '/api/cases/:id/decision',
    {
      schema: {
        tags: ['licensing'],
        summary: 'Final decision → {caseId, outcome, licenceId?}. A second concurrent decision gets 409. departureReason is required when precedents point the other way.',
        params: Params,
        body: z.object({
          outcome: z.enum(FINAL_OUTCOMES),
          provisos: z.string().max(10000).nullish(),
          criteria: z.array(z.string().max(10)).max(8).optional(),
          rationale: text(20000),
          publicRationale: z.string().max(20000).nullish(),
          departureReason: z.string().max(5000).nullish(),
          validTo: isoDay.nullish(),
          expectedVersion: z.number().int().min(1).optional(),
          denyPartyIds: z.array(id).max(50).optional(),
        }),
      },
    },
    async (req) => cases.decide(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/cases/:id/flags',
    { schema: { tags: ['licensing'], summary: 'Raise a manual flag (blocking unless blocking:false)', params: Params, body: z.object({ label: text(300), blocking: z.boolean().optional() }) } },
    async (req, reply) => reply.status(201).send(await cases.raiseFlag(req.ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/cases/:id/flags/:flagId/clear',
    { schema: { tags: ['licensing'], summary: 'Clear a flag with a reason', params: z.object({ id, flagId: id }), body: z.object({ reason: text(2000) }) } },
    async (req) => cases.clearFlag(req.ctx, req.params.id, req.params.flagId, req.body.reason),
  );
  r.post(
    '/api/cases/:id/denial-matches/:matchId',
    { schema: { tags: ['licensing'], summary: 'Record a denial match as exact, partial or not a match, with a comment', params: z.object({ id, matchId: id }), body: z.object({ result: z.enum(['exact', 'partial', 'not_a_match']), comment: text(5000) }) } },
    async (req) => denials.recordDenialMatch(req.ctx, req.params.id, req.params.matchId, req.body),
  );
  r.post(
    '/api/cases/:id/appeal-decision',
    {
      schema: {
        tags: ['licensing'],
        summary: 'Decide an appeal (senior officer who did not take the original decision): upheld, or overturned (licence issued on appeal)',
        params: Params,
        body: z.object({ outcome: z.enum(['upheld', 'overturned']), rationale: text(20000), provisos: z.string().max(10000).nullish(), validTo: isoDay.nullish() }),
      },
    },
    async (req) => cases.decideAppeal(req.ctx, req.params.id, req.body),
  );

  // ---------------------------------------------------------------- licences
  r.get(
    '/api/licences',
    { schema: { tags: ['licensing'], summary: 'Licences with the total (exporters: their own); search by reference or holder', querystring: z.object({ status: z.string().max(40).optional(), search: z.string().max(200).optional(), destination: country.optional(), limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() }) } },
    async (req) => ({ ...(await licences.listLicences(req.ctx, req.query)), limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 }),
  );
  r.get('/api/licences/:id', { schema: { tags: ['licensing'], summary: 'One licence with goods, quantities, values, provisos and usage', params: Params } }, async (req) => licences.getLicence(req.ctx, req.params.id));
  r.get('/api/licences/:id/pdf', { schema: { tags: ['licensing'], summary: 'The licence as PDF', params: Params } }, async (req, reply) => {
    const l = await licenceDoc.licencePdf(req.ctx, req.params.id);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${l.filename}"`).send(l.data);
  });
  r.post(
    '/api/licences/:id/usage',
    { schema: { tags: ['licensing'], summary: 'Record a shipment against a licence good (exhausts the licence when used up)', params: Params, body: z.object({ licenceGoodId: id, quantity: z.number().positive(), value: z.number().min(0).optional() }) } },
    async (req) => licences.recordUsage(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/licences/:id/:action',
    { schema: { tags: ['licensing'], summary: 'Lifecycle: suspend, reinstate, revoke (officers); surrender (holder); exhaust', params: z.object({ id, action: z.enum(LICENCE_ACTIONS) }), body: Reason.optional() } },
    async (req) => licences.licenceAction(req.ctx, req.params.id, req.params.action, req.body?.reason),
  );

  // ---------------------------------------------------------------- denials register
  r.get(
    '/api/denials',
    { schema: { tags: ['licensing'], summary: 'Denials register: partner notifications and our own refusals', querystring: z.object({ source: z.enum(['partner', 'own']).optional(), search: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() }) } },
    async (req) => ({ denials: await denials.listDenials(req.ctx, req.query), total: await denials.countDenials(req.ctx, req.query), limit: req.query.limit ?? 100, offset: req.query.offset ?? 0 }),
  );
  r.post(
    '/api/denials/import',
    { schema: { tags: ['licensing'], summary: 'Import partner denial notifications (CSV as text/csv, or JSON {csv, filename}); a bad row rejects the whole file', body: z.union([z.string().min(1), z.object({ csv: z.string().min(1), filename: z.string().max(200).optional() })]) } },
    async (req) => {
      const b = req.body;
      return typeof b === 'string' ? denials.importDenials(req.ctx, b) : denials.importDenials(req.ctx, b.csv, { filename: b.filename });
    },
  );
  r.get('/api/denials/export.csv', { schema: { tags: ['licensing'], summary: 'Our refusals as denial notifications, ready for sharing (CSV, partner layout)' } }, async (req, reply) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="denials.csv"').send(await denials.exportOwnDenialsCsv(req.ctx)),
  );

  // ---------------------------------------------------------------- configuration (data, not code)
  r.get('/api/licensing/workflow', { schema: { tags: ['licensing'], summary: 'Statuses, transitions, flags, refusal criteria and case types' } }, async (req) => config.getWorkflow(req.ctx));
  r.get('/api/licensing/holidays', { schema: { tags: ['licensing'], summary: 'Public holidays the statutory clock skips' } }, async (req) => config.listHolidays(req.ctx));
  r.put(
    '/api/licensing/holidays',
    { schema: { tags: ['licensing'], summary: 'Replace the public holidays (admin)', body: z.object({ holidays: z.array(z.object({ date: isoDay, name: text(200) })).max(1000) }) } },
    async (req) => config.replaceHolidays(req.ctx, req.body.holidays),
  );
  r.get('/api/licensing/routing-rules', { schema: { tags: ['licensing'], summary: 'Routing rules: case type, destination, rating prefix, flag, risk tier → queue' } }, async (req) => config.listRoutingRules(req.ctx));
  r.put(
    '/api/licensing/routing-rules',
    {
      schema: {
        tags: ['licensing'],
        summary: 'Replace the routing rules (admin)',
        body: z.object({
          rules: z
            .array(
              z.object({
                id: text(100),
                priority: z.number().int().min(-1_000_000).max(1_000_000),
                name: text(200),
                queue: text(100),
                caseType: z.string().max(40).nullish(),
                destinations: z.string().max(2000).nullish(),
                ratingPrefix: z.string().max(40).nullish(),
                flag: z.string().max(40).nullish(),
                riskTier: z.enum(['low', 'medium', 'high']).nullish(),
                active: z.boolean().optional(),
              }),
            )
            .min(1)
            .max(500),
        }),
      },
    },
    async (req) => config.replaceRoutingRules(req.ctx, req.body.rules),
  );
}
