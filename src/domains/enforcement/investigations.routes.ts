import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OUTCOMES, createInvestigation, getInvestigation, listInvestigations, setInvestigationStatus } from './investigations.service.js';
import { CUSTODY_ACTIONS, LINK_KINDS, addCustodyStep, addEvidence, addLink, addNote, addTask, completeTask } from './investigation-records.service.js';

const tags = ['enforcement'];
const text = (min: number, max: number) => z.string().trim().min(min, `write at least ${min} characters`).max(max, `is longer than ${max.toLocaleString('en')} characters`);
const Id = z.object({ id: z.string().min(1).max(100) });
const Sha = z.string().trim().regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256: 64 hex digits');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date as YYYY-MM-DD');

export function investigationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/enforcement/investigations';
  r.post(base, { schema: { tags, summary: 'Open an investigation (held by your organisation and team)', body: z.object({ title: text(3, 200), summary: text(10, 10000), contact: text(3, 300).optional().describe('Whom another team or agency should contact about an overlap (default: you)') }) } }, async (req, reply) =>
    reply.status(201).send(await createInvestigation(req.ctx, req.body)),
  );
  r.get(base, { schema: { tags, summary: 'Investigations your organisation and team hold', querystring: z.object({ status: z.enum(['opened', 'active', 'closed']).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), offset: z.coerce.number().int().min(0).optional() }) } }, async (req) =>
    listInvestigations(req.ctx, req.query),
  );
  r.get(`${base}/:id`, { schema: { tags, summary: 'An investigation with links, tasks, notes, evidence and custody, and deconfliction overlaps (who to contact, nothing else)', params: Id } }, async (req) => getInvestigation(req.ctx, req.params.id));
  r.post(`${base}/:id/status`, { schema: { tags, summary: 'Move to active, or close with an outcome and reason', params: Id, body: z.object({ status: z.enum(['active', 'closed']), outcome: z.enum(OUTCOMES).optional(), reason: text(3, 5000) }) } }, async (req) =>
    setInvestigationStatus(req.ctx, req.params.id, req.body),
  );
  r.post(`${base}/:id/links`, { schema: { tags, summary: 'Link a report (by id), alert, party, declaration, case, licence or organisation (by reference); a party is checked for overlaps', params: Id, body: z.object({ kind: z.enum(LINK_KINDS), ref: text(1, 300), note: text(1, 2000).optional() }) } }, async (req, reply) =>
    reply.status(201).send(await addLink(req.ctx, req.params.id, req.body)),
  );
  r.post(`${base}/:id/tasks`, { schema: { tags, summary: 'Add a task', params: Id, body: z.object({ title: text(3, 300), assignee: text(1, 200).optional(), dueOn: Day.optional() }) } }, async (req, reply) =>
    reply.status(201).send(await addTask(req.ctx, req.params.id, req.body)),
  );
  r.post(`${base}/:id/tasks/:taskId/done`, { schema: { tags, summary: 'Mark a task done', params: z.object({ id: z.string().max(100), taskId: z.string().max(100) }) } }, async (req) => completeTask(req.ctx, req.params.id, req.params.taskId));
  r.post(`${base}/:id/notes`, { schema: { tags, summary: 'Add a note', params: Id, body: z.object({ body: text(1, 20000) }) } }, async (req, reply) => reply.status(201).send(await addNote(req.ctx, req.params.id, req.body.body)));
  r.post(
    `${base}/:id/evidence`,
    { schema: { tags, summary: 'Record evidence with its SHA-256 (or a hotline file) and who holds it; opens its chain of custody', params: Id, body: z.object({ description: text(3, 2000), custodian: text(2, 200), sha256: Sha.optional(), concernFileId: z.string().max(100).optional() }) } },
    async (req, reply) => reply.status(201).send(await addEvidence(req.ctx, req.params.id, req.body)),
  );
  r.post(
    `${base}/:id/evidence/:evidenceId/custody`,
    { schema: { tags, summary: 'Append a chain-of-custody step (transfer, examination, return, destruction), optionally with the re-checked SHA-256', params: z.object({ id: z.string().max(100), evidenceId: z.string().max(100) }), body: z.object({ action: z.enum(CUSTODY_ACTIONS), toCustodian: text(2, 200).optional(), note: text(1, 2000).optional(), sha256Checked: Sha.optional() }) } },
    async (req, reply) => reply.status(201).send(await addCustodyStep(req.ctx, req.params.id, req.params.evidenceId, req.body)),
  );
}
