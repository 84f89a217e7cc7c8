import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addFinding, closeFinding, completeAudit, getAudit, listAudits, listExporters, planAudit, readIcpRating, scoreElement } from './audits.service.js';
import { ELEMENT_IDS } from './icp.js';

const tags = ['enforcement'];
const text = (min: number, max: number) => z.string().trim().min(min, `write at least ${min} characters`).max(max, `is longer than ${max.toLocaleString('en')} characters`);
const Id = z.object({ id: z.string().min(1).max(100) });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date as YYYY-MM-DD');

export function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/enforcement/audits';
  r.post(base, { schema: { tags, summary: 'Plan an ICP compliance audit of an exporter organisation, saying why it was chosen', body: z.object({ organisationId: z.string().min(1).max(100), basis: text(3, 2000), plannedOn: Day }) } }, async (req, reply) =>
    reply.status(201).send(await planAudit(req.ctx, req.body)),
  );
  r.get('/api/enforcement/exporters', { schema: { tags, summary: 'Exporter organisations by name, to choose whom to audit', querystring: z.object({ q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }) } }, async (req) =>
    listExporters(req.ctx, req.query),
  );
  r.get(base, { schema: { tags, summary: 'ICP audits, latest planned first', querystring: z.object({ organisationId: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), offset: z.coerce.number().int().min(0).optional() }) } }, async (req) =>
    listAudits(req.ctx, req.query),
  );
  r.get(`${base}/:id`, { schema: { tags, summary: 'An audit: the seven-element checklist (EU Recommendation 2019/1318), findings and the exporter\'s current rating', params: Id } }, async (req) => getAudit(req.ctx, req.params.id));
  r.post(`${base}/:id/checklist`, { schema: { tags, summary: 'Score one core element 0 (absent) to 3 (effective)', params: Id, body: z.object({ element: z.enum(ELEMENT_IDS), score: z.number().int().min(0).max(3), note: text(1, 5000).optional() }) } }, async (req) =>
    scoreElement(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/:id/findings`,
    { schema: { tags, summary: 'Record a finding with its severity and the follow-up action with its deadline', params: Id, body: z.object({ element: z.enum(ELEMENT_IDS), severity: z.enum(['minor', 'major', 'critical']), description: text(5, 5000), action: text(5, 5000), dueOn: Day }) } },
    async (req, reply) => reply.status(201).send(await addFinding(req.ctx, req.params.id, req.body)),
  );
  r.post(`${base}/:id/findings/:findingId/close`, { schema: { tags, summary: 'Close a finding once the follow-up action is shown done', params: z.object({ id: z.string().max(100), findingId: z.string().max(100) }), body: z.object({ note: text(3, 5000) }) } }, async (req) =>
    closeFinding(req.ctx, req.params.id, req.params.findingId, req.body.note),
  );
  r.post(`${base}/:id/complete`, { schema: { tags, summary: 'Complete the audit (all seven elements scored); sets the exporter\'s ICP rating', params: Id } }, async (req) => completeAudit(req.ctx, req.params.id));
  r.get('/api/enforcement/icp/:organisationId', { schema: { tags, summary: 'An exporter\'s current ICP rating (null when never audited); exporters see their own', params: z.object({ organisationId: z.string().max(100) }) } }, async (req) =>
    readIcpRating(req.ctx, req.params.organisationId),
  );
}
