import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import { createCheck, getCheck, listChecks } from './checks.service.js';
import { assignCheck, listAgents } from './assign.service.js';
import { OUTCOMES, readEvidence, reportCheck } from './report.service.js';
import { decideProposal, listProposals, runProposalsNow } from './proposals.service.js';
import { confirmListing, listUnverified, rejectListing, removeListing } from './unverified.service.js';
import { partyReliability } from './reliability.service.js';
import { checkStatistics } from './statistics.service.js';

const tags = ['verification'];
const id = z.string().min(1).max(100);
const Id = z.object({ id });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const text = (max: number) => z.string().max(max);
const Page = { limit: z.coerce.number().int().min(1).max(200).optional(), offset: z.coerce.number().int().min(0).optional() };

const CheckBody = z.object({
  kind: z.enum(['pre_licence', 'post_shipment']),
  subject: z.object({ applicationId: id.optional(), licenceId: id.optional(), declarationReference: text(70).optional() }),
  partyId: id,
  reason: text(2000),
  dueOn: day.optional(),
});
const ReportBody = z.object({
  visitedOn: day,
  outcome: z.enum(OUTCOMES),
  findings: text(20000),
  items: z.array(z.object({ goodId: id.optional(), description: text(500).min(1), serialNumbers: z.array(text(100)).max(1000).optional(), quantitySeen: z.number().min(0) })).max(100).optional(),
  evidence: z.array(z.object({ filename: text(200).min(1), contentType: text(100), contentBase64: z.string().max(14_000_000) })).max(10).optional(),
});

export function verificationRoutes(app: FastifyInstance, _deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/verifications', { schema: { tags, summary: 'Request an end-use check on a party of a case, a licence or a declaration (officers)', body: CheckBody } }, async (req, reply) =>
    reply.status(201).send(await createCheck(req.ctx, req.body)),
  );
  r.get(
    '/api/verifications',
    { schema: { tags, summary: 'End-use checks, newest first (overdue=true: past their due date, oldest first); a partner agency sees only its own', querystring: z.object({ status: z.enum(['requested', 'assigned', 'reported', 'cancelled']).optional(), overdue: z.enum(['true', 'false']).optional(), partyId: id.optional(), ...Page }) } },
    async (req) => listChecks(req.ctx, { ...req.query, overdue: req.query.overdue === 'true' }),
  );
  r.get('/api/verifications/agents', { schema: { tags, summary: 'Users of partner agencies checks can be assigned to (officers)' } }, async (req) => listAgents(req.ctx));
  r.get('/api/verifications/proposals', { schema: { tags, summary: 'Checks proposed by the risk scheduler, highest score first, with the score explained', querystring: z.object({ status: z.enum(['proposed', 'accepted', 'deferred', 'rejected']).optional(), ...Page }) } }, async (req) =>
    listProposals(req.ctx, req.query),
  );
  r.post('/api/verifications/proposals/run', { schema: { tags, summary: 'Run the risk scheduler now (officers)' } }, async (req) => runProposalsNow(req.ctx));
  r.post(
    '/api/verifications/proposals/:id/decide',
    { schema: { tags, summary: 'Accept (creates the check), defer or reject a proposal', params: Id, body: z.object({ decision: z.enum(['accept', 'defer', 'reject']), reason: text(2000).optional(), deferUntil: day.optional(), dueOn: day.optional() }) } },
    async (req) => decideProposal(req.ctx, req.params.id, req.body),
  );
  r.get('/api/verifications/unverified', { schema: { tags, summary: 'The Unverified List: proposed, listed, rejected and removed parties', querystring: z.object({ status: z.enum(['proposed', 'listed', 'rejected', 'removed']).optional(), ...Page }) } }, async (req) =>
    listUnverified(req.ctx, req.query),
  );
  r.post('/api/verifications/unverified/:id/confirm', { schema: { tags, summary: 'Confirm a proposed listing (reason, review date): the party goes on the Unverified List', params: Id, body: z.object({ reason: text(2000), reviewOn: day }) } }, async (req) =>
    confirmListing(req.ctx, req.params.id, req.body),
  );
  r.post('/api/verifications/unverified/:id/reject', { schema: { tags, summary: 'Decline a proposed listing', params: Id, body: z.object({ reason: text(2000) }) } }, async (req) => rejectListing(req.ctx, req.params.id, req.body));
  r.post('/api/verifications/unverified/:id/remove', { schema: { tags, summary: 'Remove a listed party after a later favourable check', params: Id, body: z.object({ reason: text(2000), checkId: id }) } }, async (req) =>
    removeListing(req.ctx, req.params.id, req.body),
  );
  r.get('/api/verifications/:id', { schema: { tags, summary: 'An end-use check with its report and the licence goods beside it', params: Id } }, async (req) => getCheck(req.ctx, req.params.id));
  r.post('/api/verifications/:id/assign', { schema: { tags, summary: 'Assign a check to a partner agency user (officers)', params: Id, body: z.object({ userId: id, dueOn: day.optional() }) } }, async (req) =>
    assignCheck(req.ctx, req.params.id, req.body),
  );
  r.post('/api/verifications/:id/report', { bodyLimit: 15 * 1024 * 1024, schema: { tags, summary: 'The visit report of the assigned partner agency, with evidence files (base64)', params: Id, body: ReportBody } }, async (req) =>
    reportCheck(req.ctx, req.params.id, req.body),
  );
  r.get('/api/verifications/:id/evidence/:fileId', { schema: { tags, summary: 'Download an evidence file of a check', params: z.object({ id, fileId: id }) } }, async (req, reply) => {
    const f = await readEvidence(req.ctx, req.params.id, req.params.fileId);
    return reply.type(f.contentType).header('content-disposition', `attachment; filename="${f.filename}"`).header('x-content-type-options', 'nosniff').send(f.data);
  });
  r.get(
    '/api/public/reports/:id/end-use-checks',
    { config: { public: true }, schema: { tags, summary: 'End-use checks in a statistics period (2026 or 2026-Q1): requested, and reported by kind, destination and outcome; counts below 5 shown as "<5"', params: z.object({ id: z.string().max(20) }) } },
    async (req) => checkStatistics(req.ctx, req.params.id),
  );
  r.get('/api/parties/:id/reliability', { schema: { tags, summary: 'A party’s reliability record: checks, outcomes, denials, screening decisions, licences, and a score with how it was computed', params: Id } }, async (req) =>
    partyReliability(req.ctx, req.params.id),
  );
}
