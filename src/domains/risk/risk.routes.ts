import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import { requireRole } from '../../platform/auth/roles.js';
import { decideAlert, getAlert, labelSummary, listAlerts } from './alerts.service.js';
import { listScans, requestScan } from './scan.service.js';
import { createTargetList, listTargetLists } from './targeting.service.js';
import { partyLinks, searchParties } from './parties.service.js';
import { EXPORTER_PROFILE, RULES, SIGNALS } from './rules.data.js';
import { RISK_READERS } from './risk.policy.js';

const tags = ['risk'];
const Id = z.object({ id: z.string().max(100) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');
const Page = { limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() };
const Note = z.string().max(2000).optional();

export function riskRoutes(app: FastifyInstance, _deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/risk/scan',
    { schema: { tags, summary: 'Run a scan as a job: a date window (from/to), everything (full: true), or by default the declarations ingested since the last scan', body: z.object({ from: isoDate.optional(), to: isoDate.optional(), full: z.boolean().optional() }).strict().optional() } },
    async (req, reply) => reply.status(202).send(await requestScan(req.ctx, req.body ?? {})),
  );
  r.get('/api/risk/scans', { schema: { tags, summary: 'Recent scans with progress counts and the rules that could not be evaluated', querystring: z.object({ limit: Page.limit }) } }, async (req) => listScans(req.ctx, req.query));
  r.get(
    '/api/risk/alerts',
    { schema: { tags, summary: 'The alerts queue, highest score first, each with the signals that explain it', querystring: z.object({ kind: z.enum(['exporter_profile', ...SIGNALS] as [string, ...string[]]).optional(), status: z.enum(['new', 'triaged', 'escalated', 'dismissed']).optional(), subjectType: z.enum(['declaration', 'party', 'exporter']).optional(), reference: z.string().max(300).optional(), ...Page }) } },
    async (req) => listAlerts(req.ctx, req.query),
  );
  r.get('/api/risk/alerts/:id', { schema: { tags, summary: 'One alert with its explanation and labels', params: Id } }, async (req) => getAlert(req.ctx, req.params.id));
  r.post('/api/risk/alerts/:id/triage', { schema: { tags, summary: 'Mark a new alert as triaged', params: Id, body: z.object({ note: Note }) } }, async (req) => decideAlert(req.ctx, req.params.id, { action: 'triage', note: req.body.note }));
  r.post(
    '/api/risk/alerts/:id/escalate',
    { schema: { tags, summary: 'Escalate an alert to an investigation or a verification (recorded as a confirmed label)', params: Id, body: z.object({ to: z.enum(['investigation', 'verification']), reference: z.string().max(100).optional(), note: Note }) } },
    async (req) => decideAlert(req.ctx, req.params.id, { action: 'escalate', ...req.body }),
  );
  r.post('/api/risk/alerts/:id/dismiss', { schema: { tags, summary: 'Dismiss an alert with a reason (recorded as a dismissed label)', params: Id, body: z.object({ reason: z.string().max(2000) }) } }, async (req) => decideAlert(req.ctx, req.params.id, { action: 'dismiss', reason: req.body.reason }));
  r.get('/api/risk/labels', { schema: { tags, summary: 'Confirmed and dismissed labels per signal (for evaluating the rules)' } }, async (req) => labelSummary(req.ctx));
  r.get('/api/risk/rules', { schema: { tags, summary: 'The signals: name, version, weight and parameters' } }, async (req) => {
    requireRole(req.ctx.actor, RISK_READERS);
    return { rules: SIGNALS.map((name) => ({ name, ...RULES[name] })), exporterProfile: EXPORTER_PROFILE };
  });
  r.post(
    '/api/risk/targeting',
    { schema: { tags, summary: 'Draw a targeting list (shipments for inspection or exporters for audit): ranked by risk plus a random deterrence share', body: z.object({ list: z.enum(['exporters', 'shipments']), size: z.number().int().min(1).max(500).optional(), deterrenceShare: z.number().min(0).max(1).optional() }) } },
    async (req, reply) => reply.status(201).send(await createTargetList(req.ctx, req.body)),
  );
  r.get('/api/risk/targeting', { schema: { tags, summary: 'Targeting lists drawn, newest first', querystring: z.object({ list: z.enum(['exporters', 'shipments']).optional(), limit: Page.limit }) } }, async (req) => listTargetLists(req.ctx, req.query));
  r.get('/api/risk/parties', { schema: { tags, summary: 'Parties seen on declarations (listed first)', querystring: z.object({ q: z.string().max(200).optional(), listed: z.enum(['true', 'false']).optional(), ...Page }) } }, async (req) =>
    searchParties(req.ctx, { ...req.query, listed: req.query.listed === 'true' }),
  );
  r.get('/api/risk/parties/:key', { schema: { tags, summary: 'A party and the parties sharing its address or identifier', params: z.object({ key: z.string().max(400) }) } }, async (req) => partyLinks(req.ctx, req.params.key));
}
