import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import { CALCULATORS, requireRole } from './enforcement.policy.js';
import { calculatePenalty } from './penalties/calculate.js';
import { PACKS } from './penalties/packs.js';
import { advance, chargeRespondent, getProceeding, listAllProceedings, listProceedings, publishedSummaries } from './proceedings.service.js';

const tags = ['enforcement'];
const text = (min: number, max: number) => z.string().trim().min(min, `write at least ${min} characters`).max(max, `is longer than ${max.toLocaleString('en')} characters`);
const Id = z.object({ id: z.string().min(1).max(100) });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date as YYYY-MM-DD');
const Amount = z.number().min(0, 'must not be negative').max(1e12);
export const CalculationBody = z.object({
  pack: z.enum(['us-bis', 'de-awg']).describe('us-bis: 15 CFR Part 766 Supp. No. 1; de-awg: German AWG/OWiG'),
  version: z.string().max(20).optional().describe('Defaults to the newest version of the pack'),
  transactionValue: Amount,
  egregious: z.boolean().optional(),
  voluntarySelfDisclosure: z.boolean().optional(),
  intent: z.enum(['intentional', 'negligent']).optional(),
  offence: z.enum(['serious', 'other']).optional(),
  gravity: z.enum(['low', 'medium', 'high']).optional(),
  economicBenefit: Amount.optional(),
  factors: z.array(z.string().max(60)).max(20).optional(),
});

/** The calculation stores nothing; the role check is still the first thing it does. */
function calculate(ctx: Ctx, body: z.infer<typeof CalculationBody>) {
  requireRole(ctx.actor, CALCULATORS);
  return calculatePenalty(body);
}

export function penaltyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/enforcement/penalties/packs', { schema: { tags, summary: 'Penalty guidance packs with their versions, factors, weights and sources' } }, async (req) => {
    requireRole(req.ctx.actor, CALCULATORS);
    return { packs: PACKS };
  });
  r.post('/api/enforcement/penalties/calculate', { schema: { tags, summary: 'Calculate a penalty under a guidance pack: every step with its citation (nothing is stored)', body: CalculationBody } }, async (req) => calculate(req.ctx, req.body));

  r.post(
    '/api/enforcement/investigations/:id/proceedings',
    { schema: { tags, summary: 'Notice of charges: respondent, charges, the penalty calculation and the response period (days, default 30)', params: Id, body: z.object({ respondent: text(2, 300), charges: text(10, 20000), calculation: CalculationBody, responseDays: z.number().int().min(7).max(120).optional() }) } },
    async (req, reply) => reply.status(201).send(await chargeRespondent(req.ctx, req.params.id, req.body)),
  );
  r.get('/api/enforcement/investigations/:id/proceedings', { schema: { tags, summary: 'The proceedings of an investigation', params: Id } }, async (req) => listProceedings(req.ctx, req.params.id));
  r.get(
    '/api/enforcement/proceedings',
    { schema: { tags, summary: 'Proceedings you may see, newest notice first', querystring: z.object({ status: z.enum(['charged', 'responded', 'hearing_scheduled', 'decided', 'appealed', 'appeal_decided', 'published']).optional(), limit: z.coerce.number().int().min(1).max(200).optional(), offset: z.coerce.number().int().min(0).optional() }) } },
    async (req) => listAllProceedings(req.ctx, req.query),
  );
  r.get('/api/enforcement/proceedings/:id', { schema: { tags, summary: 'A proceeding: each due-process step with its date', params: Id } }, async (req) => getProceeding(req.ctx, req.params.id));
  const step = <S extends z.ZodTypeAny>(path: string, name: Parameters<typeof advance>[2], summary: string, body: S) =>
    r.post(`/api/enforcement/proceedings/:id/${path}`, { schema: { tags, summary, params: Id, body } }, async (req) => advance(req.ctx, req.params.id, name, req.body as Record<string, unknown>));
  step('response', 'response', 'Record the respondent\'s answer (within the response period)', z.object({ response: text(3, 20000) }));
  step('hearing', 'hearing', 'Schedule the hearing', z.object({ hearingOn: Day }));
  step('decision', 'decision', 'Decide with reasons (senior officer)', z.object({ decision: z.enum(['upheld', 'reduced', 'dismissed']), reasons: text(10, 20000), finalPenalty: Amount.optional() }));
  step('appeal', 'appeal', 'Record an appeal (within 28 days of the decision)', z.object({ grounds: text(10, 20000) }));
  step('appeal-decision', 'appeal_decision', 'Decide the appeal with reasons (senior officer)', z.object({ outcome: z.enum(['dismissed', 'allowed', 'varied']), reasons: text(10, 20000), finalPenalty: Amount.optional() }));
  step('publish', 'publish', 'Publish an anonymised summary on the transparency portal (after the appeal period or the appeal decision)', z.object({ publicSummary: text(20, 5000) }));
  r.get(
    '/api/public/enforcement-summaries',
    { config: { public: true }, schema: { tags, summary: 'Published enforcement summaries, anonymised', querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).optional(), offset: z.coerce.number().int().min(0).optional() }) } },
    async (req) => publishedSummaries(req.ctx, req.query),
  );
}
