import { z } from 'zod';

/** A count in a public output: a whole number, or "<5" when 1–4 cases (small-cell suppression). */
const Count = z.union([z.number().int().min(0), z.literal('<5')]).describe('Number of cases; "<5" when between 1 and 4');
const Days = z.number().int().min(0).nullable().describe('Working days; null when withheld (fewer than 5 cases) or no data');
const Stat = z.object({ median: Days, p90: Days }).strict();

/** The report edition as published (`GET /api/public/reports/{id}`). */
export const PublicReportSchema = z
  .object({
    id: z.string().regex(/^\d{4}(-Q[1-4])?$/),
    period: z.string().regex(/^\d{4}(-Q[1-4])?$/).describe('"2025" for an annual edition, "2025-Q1" for a quarterly one'),
    periodKind: z.enum(['year', 'quarter']),
    title: z.string(),
    periodStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    periodEnd: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('Inclusive'),
    generatedAt: z.string(),
    revision: z.number().int().min(1).describe('1 for the first publication; increases when an edition is republished'),
    publishedAt: z.string(),
    suppressed: z.literal(true),
    applications: z.object({ received: Count, decided: Count, withdrawn: Count }).strict(),
    outcomeTotals: z.array(z.object({ outcome: z.string(), count: Count }).strict()),
    outcomes: z.array(z.object({ destination: z.string().describe('ISO 3166-1 alpha-2 code, or a published destination name'), destinationName: z.string(), outcome: z.string(), count: Count }).strict()),
    outcomesByCaseType: z.array(z.object({ caseType: z.string(), outcome: z.string(), count: Count }).strict()),
    outcomesByControlCategory: z.array(z.object({ controlCategory: z.string(), regime: z.string(), outcome: z.string(), count: Count }).strict()),
    refusalCriteria: z.array(z.object({ criterion: z.string(), description: z.string(), count: Count }).strict()),
    processingDays: z
      .object({
        median: Days,
        p90: Days,
        targetDays: z.number().int().nullable(),
        decidedWithTarget: Count,
        withinTarget: Count,
        withinTargetShare: z.number().min(0).max(1).nullable(),
        distribution: z.array(z.object({ band: z.string(), from: z.number().int(), to: z.number().int().nullable(), count: Count }).strict()),
      })
      .strict(),
    questions: z.object({ casesWithQuestions: Count, questionsAsked: Count, clockStopDays: z.number().int().min(0), casesDecided: Count }).strict(),
    appeals: z.object({ lodged: Count, decided: Count, outcomes: z.array(z.object({ outcome: z.string(), count: Count }).strict()) }).strict(),
    humanitarian: z.object({ decided: Count, processingDays: Stat }).strict(),
    research: z.object({ decided: Count, processingDays: Stat }).strict(),
    licences: z
      .object({
        suspended: Count,
        revoked: Count,
        valueByType: z.array(z.object({ licenceType: z.string(), cases: Count, value: z.number().min(0).nullable() }).strict()),
      })
      .strict(),
    decisionsOverTime: z.array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), outcome: z.string(), count: Count }).strict()),
    generalLicenceUse: z
      .array(z.object({ generalLicence: z.string(), destination: z.string(), currency: z.string(), lines: Count, exporters: Count, value: z.number().min(0).nullable() }).strict())
      .optional()
      .describe('Customs lines released under general licences, by licence, destination and currency; value null when fewer than 5 lines or 3 exporters'),
  })
  .strict();

/** JSON Schema (draft-07) of the public report, served at /api/public/reports/schema.json. */
export function reportJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(PublicReportSchema, { target: 'draft-7' }) as Record<string, unknown>;
  return {
    ...s,
    $id: '/api/public/reports/schema.json',
    title: 'Clearway strategic export licensing statistics: one edition',
    description:
      'GET /api/public/reports/{id} returns this. Counts from 1 to 4 are shown as "<5"; statistics over fewer than 5 cases are null. The CSV (GET /api/public/reports/{id}.csv) has the columns table,key,subkey,outcome,value with the same cells in long format.',
  };
}

export const EditionListSchema = z.array(z.object({ id: z.string(), period: z.string(), title: z.string() }).strict());
