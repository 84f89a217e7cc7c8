import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import * as svc from './controls.service.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date');
const code = z.string().trim().min(1).max(60).regex(/^[\w. -]+$/, 'may contain letters, digits, dots, spaces and dashes');
const listId = z.string().max(10).optional();
const note = z.object({ kind: z.enum(['note', 'technical_note', 'nb']), label: z.string().max(100), text: z.string().max(20000) });
const change = z.object({
  action: z.enum(['add', 'modify', 'remove']),
  code,
  parent: code.nullable().optional(),
  title: z.string().trim().max(2000).optional(),
  text: z.string().max(100000).optional(),
  notes: z.array(note).max(50).optional(),
  regimes: z.array(z.string().max(20)).max(10).optional(),
  reasons: z.array(z.string().max(20)).max(20).optional(),
  sensitivity: z.string().max(30).optional(),
  nextReviewDate: date.optional(),
  stricter: z.boolean().optional(),
});
const idParam = z.object({ id: z.string().uuid('must be an id') });

export function controlsRoutes(app: FastifyInstance, _deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pub = { public: true };

  r.get('/api/controls/entries', {
    config: pub,
    schema: {
      tags: ['controls'], summary: 'Browse control entries (public)',
      querystring: z.object({ list: listId, category: z.string().max(20).optional(), regime: z.string().max(20).optional(), productGroup: z.string().max(2).optional(), q: z.string().max(200).optional(), parent: code.optional(), subItems: z.enum(['true', 'false']).optional(), asOf: date.optional(), limit: z.coerce.number().int().min(1).max(1000).optional(), offset: z.coerce.number().int().min(0).optional() }),
    },
  }, async (req) => svc.listEntries(req.ctx, { ...req.query, subItems: req.query.subItems === 'true' }));

  r.get('/api/controls/entries/:code', {
    config: pub,
    schema: { tags: ['controls'], summary: 'One entry as in force on a date (public)', params: z.object({ code }), querystring: z.object({ list: listId, asOf: date.optional(), contractedOn: date.optional() }) },
  }, async (req) => svc.getEntry(req.ctx, { code: req.params.code, ...req.query }));

  r.get('/api/controls/search', {
    config: pub,
    schema: { tags: ['controls'], summary: 'Ranked search by code and full text (public)', querystring: z.object({ q: z.string().trim().min(1, 'is required').max(200), limit: z.coerce.number().int().min(1).max(100).optional(), list: listId, asOf: date.optional() }) },
  }, async (req) => svc.search(req.ctx, req.query));

  r.get('/api/controls/releases', { config: pub, schema: { tags: ['controls'], summary: 'Releases of each list (public)', querystring: z.object({ list: listId }) } }, async (req) => svc.listReleases(req.ctx, req.query));

  r.get('/api/controls/diff', {
    config: pub,
    schema: { tags: ['controls'], summary: 'Differences between two releases of a list (public)', querystring: z.object({ from: z.string().min(1).max(300), to: z.string().min(1).max(300) }) },
  }, async (req) => svc.diffReleases(req.ctx, req.query));

  r.get('/api/controls/import-report', {
    config: pub,
    schema: { tags: ['controls'], summary: 'What the importer repaired and could not repair (public)', querystring: z.object({ list: listId, unrepaired: z.enum(['true', 'false']).optional() }) },
  }, async (req) => svc.importReport(req.ctx, { list: req.query.list, unrepairedOnly: req.query.unrepaired === 'true' }));

  r.get('/api/controls/export', {
    config: pub,
    schema: { tags: ['controls'], summary: 'The whole classification database as open data (JSON or CSV)', querystring: z.object({ format: z.enum(['json', 'csv']).default('json'), asOf: date.optional() }) },
  }, async (req, reply) => {
    const out = await svc.exportDatabase(req.ctx, req.query);
    if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="clearway-controls.csv"').send(out);
    return out;
  });

  r.get('/api/controls/correspondences', { config: pub, schema: { tags: ['controls'], summary: 'Cross-list correspondences (public)', querystring: z.object({ list: listId, code: code.optional() }) } }, async (req) => svc.listCorrespondences(req.ctx, req.query));
  r.get('/api/controls/hs/:hs6', { config: pub, schema: { tags: ['controls'], summary: 'Control entries correlated with an HS 6-digit code (public)', params: z.object({ hs6: z.string().regex(/^\d{6}$/, 'must be 6 digits') }) } }, async (req) => svc.hsLookup(req.ctx, req.params.hs6));
  r.post('/api/controls/interop/import', {
    schema: { tags: ['controls'], summary: 'Import a correspondence or HS-6 correlation CSV (officers); a bad row rejects the file', body: z.object({ kind: z.enum(['correspondence', 'hs']), csv: z.string().min(1).max(1_500_000), source: z.string().max(300).optional() }) },
  }, async (req) => svc.importInterop(req.ctx, req.body));

  // Amendments (officers write, oversight reads).
  r.get('/api/controls/amendments', { schema: { tags: ['controls'], summary: 'Amendments', querystring: z.object({ status: z.enum(['draft', 'consultation', 'adopted', 'superseded', 'withdrawn']).optional(), list: listId }) } }, async (req) => svc.listAmendments(req.ctx, req.query));
  r.post('/api/controls/amendments', {
    schema: { tags: ['controls'], summary: 'Draft an amendment', body: z.object({ list: z.string().max(10), title: z.string().trim().min(3).max(300), summary: z.string().max(10000).optional(), changes: z.array(change).min(1).max(500) }) },
  }, async (req, reply) => reply.status(201).send(await svc.createAmendment(req.ctx, req.body)));
  r.get('/api/controls/amendments/:id', { schema: { tags: ['controls'], summary: 'One amendment with all comments', params: idParam } }, async (req) => svc.getAmendment(req.ctx, req.params.id));
  r.patch('/api/controls/amendments/:id', {
    schema: { tags: ['controls'], summary: 'Edit a draft', params: idParam, body: z.object({ title: z.string().trim().min(3).max(300).optional(), summary: z.string().max(10000).optional(), changes: z.array(change).min(1).max(500).optional() }) },
  }, async (req) => svc.updateAmendment(req.ctx, req.params.id, req.body));
  r.post('/api/controls/amendments/:id/consultation', { schema: { tags: ['controls'], summary: 'Open the public consultation', params: idParam, body: z.object({ closesOn: date }) } }, async (req) => svc.openConsultation(req.ctx, req.params.id, req.body));
  r.post('/api/controls/amendments/:id/consultation/close', {
    schema: { tags: ['controls'], summary: 'Close a consultation early (urgent amendment), with a reason', params: idParam, body: z.object({ reason: z.string().trim().min(3, 'is required').max(2000) }) },
  }, async (req) => svc.closeConsultationEarly(req.ctx, req.params.id, req.body));
  r.post('/api/controls/amendments/:id/adopt', {
    schema: { tags: ['controls'], summary: 'Adopt with an effective date, optional grace-period end and sunset', params: idParam, body: z.object({ effectiveDate: date, graceUntil: date.nullable().optional(), sunsetDate: date.nullable().optional() }) },
  }, async (req) => svc.adoptAmendment(req.ctx, req.params.id, req.body));
  r.post('/api/controls/amendments/:id/withdraw', { schema: { tags: ['controls'], summary: 'Withdraw a draft or consultation', params: idParam } }, async (req) => svc.withdrawAmendment(req.ctx, req.params.id));

  // Consultation (public reads; exporters and the public comment; officers moderate).
  r.get('/api/controls/consultations', { config: pub, schema: { tags: ['controls'], summary: 'Open consultations (public)' } }, async (req) => svc.listConsultations(req.ctx));
  r.get('/api/controls/consultations/:id', { config: pub, schema: { tags: ['controls'], summary: 'A consultation with its published comments (public)', params: idParam } }, async (req) => svc.getConsultation(req.ctx, req.params.id));
  r.post('/api/controls/consultations/:id/comments', {
    // Anonymous by design, so limited: per API token for token callers (a bogus token is refused by sign-in checks
    // anyway), per client address for everyone else; 10,000 characters by the schema.
    config: { ...pub, rateLimit: { max: 5, timeWindow: '1 minute', keyGenerator: (req) => (typeof req.headers.authorization === 'string' ? `t:${req.headers.authorization}` : `ip:${req.ip}`) } },
    schema: { tags: ['controls'], summary: 'Comment on a consultation (exporters, or the public with an email)', params: idParam, body: z.object({ body: z.string().trim().min(3).max(10000), email: z.string().max(320).optional(), name: z.string().max(200).optional() }) },
  }, async (req, reply) => reply.status(201).send(await svc.addComment(req.ctx, req.params.id, req.body)));
  r.post('/api/controls/comments/:id/moderate', {
    schema: { tags: ['controls'], summary: 'Approve or reject a comment', params: idParam, body: z.object({ decision: z.enum(['approve', 'reject']), reason: z.string().max(2000).optional() }) },
  }, async (req) => svc.moderateComment(req.ctx, req.params.id, req.body));

  // Sunset renewal and reviews.
  r.post('/api/controls/entries/:code/renew', {
    schema: { tags: ['controls'], summary: 'Renew the sunset of an entry (null = permanent)', params: z.object({ code }), body: z.object({ list: z.string().max(10), sunsetDate: date.nullable() }) },
  }, async (req) => svc.renewEntry(req.ctx, { code: req.params.code, ...req.body }));
  r.get('/api/controls/reviews/due', { schema: { tags: ['controls'], summary: 'Entries due for review (officers dashboard)', querystring: z.object({ withinDays: z.coerce.number().int().min(0).max(366).optional(), list: listId }) } }, async (req) => svc.reviewsDue(req.ctx, req.query));
  r.post('/api/controls/reviews', { schema: { tags: ['controls'], summary: 'Record a review and set the next review date', body: z.object({ list: z.string().max(10), code, nextReviewDate: date }) } }, async (req) => svc.recordReview(req.ctx, req.body));
}
