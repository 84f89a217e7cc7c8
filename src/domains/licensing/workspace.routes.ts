import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../../platform/errors.js';
import * as drafts from './drafts.service.js';
import * as work from './workspace.service.js';
import * as record from './case-record.service.js';
import * as screening from './case-screening.js';
import { verifyLicence } from './licence-document.js';

const id = z.string().min(1).max(100);
const Params = z.object({ id });
const Message = z.object({ text: z.string().trim().min(1).max(10000), documentIds: z.array(id).max(20).optional() });

/** Issue 14: drafts, the caseworker workspace, case notes and correspondence, the screening panel, licence verification. */
export function workspaceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['licensing'];

  // ---------------------------------------------------------------- drafts (exporter)
  r.delete('/api/applications/:id', { schema: { tags, summary: 'Delete a draft (a submitted application is withdrawn instead)', params: Params } }, async (req) => drafts.deleteDraft(req.ctx, req.params.id));
  r.post('/api/applications/:id/copy', { schema: { tags, summary: 'Copy an application into a new draft (declarations to confirm again)', params: Params } }, async (req, reply) => reply.status(201).send(await drafts.copyApplication(req.ctx, req.params.id)));
  r.get('/api/applications/:id/messages', { schema: { tags, summary: 'Correspondence with the licensing authority on this application', params: Params } }, async (req) => record.listMessages(req.ctx, req.params.id));
  r.post('/api/applications/:id/messages', { schema: { tags, summary: 'Write to the licensing authority (attachments: documents uploaded to the application)', params: Params, body: Message } }, async (req, reply) => reply.status(201).send(await record.sendMessage(req.ctx, req.params.id, req.body)));

  // ---------------------------------------------------------------- workspace (authority)
  r.get('/api/workspace', { schema: { tags, summary: 'Work waiting for me: my cases, due and overdue, awaiting my countersignature, appeals to decide, referrals to my team, unread notifications' } }, async (req) => work.myWork(req.ctx));
  r.get('/api/licensing/teams', { schema: { tags, summary: 'Adviser teams a case can be referred to' } }, async (req) => work.listTeams(req.ctx));
  r.get('/api/licensing/officers', { schema: { tags, summary: 'Officers a case can be allocated to' } }, async (req) => work.listOfficers(req.ctx));
  r.post('/api/cases/:id/assign', { schema: { tags, summary: 'Allocate the case to an officer (userId null releases it)', params: Params, body: z.object({ userId: id.nullable() }) } }, async (req) => work.assignCase(req.ctx, req.params.id, req.body.userId));
  r.get('/api/cases/:id/timeline', { schema: { tags, summary: 'Every audited event on the case, oldest first', params: Params } }, async (req) => record.caseTimeline(req.ctx, req.params.id));
  r.get('/api/cases/:id/notes', { schema: { tags, summary: 'Internal case notes (never shown to the exporter)', params: Params } }, async (req) => record.listNotes(req.ctx, req.params.id));
  r.post('/api/cases/:id/notes', { schema: { tags, summary: 'Add an internal case note', params: Params, body: z.object({ text: z.string().trim().min(1).max(10000) }) } }, async (req, reply) => reply.status(201).send(await record.addNote(req.ctx, req.params.id, req.body.text)));
  r.get('/api/cases/:id/messages', { schema: { tags, summary: 'Correspondence with the exporter', params: Params } }, async (req) => record.listMessages(req.ctx, req.params.id));
  r.post('/api/cases/:id/messages', { schema: { tags, summary: 'Write to the exporter (attachments: documents on the case)', params: Params, body: Message } }, async (req, reply) => reply.status(201).send(await record.sendMessage(req.ctx, req.params.id, req.body)));
  r.post('/api/cases/:id/documents', { schema: { tags, summary: 'Attach a document to the case (multipart field "file"; PDF, PNG, JPEG, text, CSV; 10 MB)', params: Params } }, async (req, reply) => {
    const read = async () => {
      if (!req.isMultipart()) throw invalid({ file: 'send the document as multipart/form-data with a "file" field' });
      const part = await req.file();
      if (!part) throw invalid({ file: 'is missing' });
      return { kind: 'correspondence', filename: part.filename, contentType: part.mimetype, data: await part.toBuffer() };
    };
    return reply.status(201).send(await record.addCaseDocument(req.ctx, req.params.id, read));
  });
  r.get('/api/cases/:id/screening', { schema: { tags, summary: 'Screening panel: per party, the list, listed entity, score, explanation, profile and decision', params: Params } }, async (req) => screening.casePanel(req.ctx, req.params.id));
  r.post(
    '/api/cases/:id/screening/decisions',
    {
      schema: {
        tags,
        summary: 'Decide screening hits on the case and, once none is undecided, the screening flag with them (a confirmed match keeps the case in sanctions review)',
        params: Params,
        body: z.object({ decisions: z.array(z.object({ hitId: id, decision: z.enum(['true_match', 'false_positive']), reason: z.string().trim().min(3).max(2000) })).min(1).max(200) }),
      },
    },
    async (req) => screening.decideCaseScreening(req.ctx, req.params.id, req.body),
  );

  // ---------------------------------------------------------------- public licence check
  r.get(
    '/api/licences/verify/:code',
    { config: { public: true }, schema: { tags, summary: 'Public: check a licence by the verification code printed on it → valid / suspended / revoked / expired', params: z.object({ code: z.string().min(1).max(40) }) } },
    async (req) => verifyLicence(req.ctx, req.params.code),
  );
}
