/** Input validation shared by the HTTP routes, the service (licensing calls it directly) and the CLI. */
import { z } from 'zod';
import { invalid } from '../../platform/errors.js';
import { CONCERNS, END_USES, POLICIES, type DeterminationInput } from './determination.types.js';
import { normaliseCode } from './determination.evaluator.js';

const iso2 = z.string().trim().regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166 country code').transform((s) => s.toUpperCase());
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s), 'is not a real date');

export const ItemSchema = z
  .object({
    code: z.string().trim().max(40).optional(),
    description: z.string().trim().max(500).optional(),
    quantity: z.number().nonnegative().max(1e12).optional(),
    value: z.number().nonnegative().max(1e13).optional(),
    hsCode: z.string().trim().regex(/^\d{4}(?:[.\s]?\d{2}){0,2}$/, 'must be an HS/CN code of 4 to 8 digits (e.g. 8542 or 8542.31.90)').transform((s) => s.replace(/\D/g, '')).optional(),
  })
  .strict();

export const DeterminationInputSchema = z
  .object({
    policy: z.enum(POLICIES),
    date: isoDate.optional(),
    exporter: z
      .object({
        establishedIn: iso2.optional(),
        informed: z.array(z.enum(CONCERNS)).max(3).optional(),
        aware: z.array(z.enum(CONCERNS)).max(3).optional(),
        registeredGeneralLicences: z.array(z.string().trim().min(1).max(20)).max(50).optional(),
        icp: z.boolean().optional(),
        basicScientificResearch: z.boolean().optional(),
        publicDomain: z.boolean().optional(),
        originalAuthorisation: z.object({ reference: z.string().trim().max(100).optional(), grantedOn: isoDate.optional() }).strict().optional(),
      })
      .strict()
      .optional(),
    destination: iso2,
    transit: z.array(iso2).max(20).optional(),
    endUse: z.enum(END_USES),
    items: z.array(ItemSchema).min(1).max(200),
    parties: z
      .array(z.object({ role: z.string().trim().min(1).max(50), name: z.string().trim().min(1).max(300), country: iso2.optional() }).strict())
      .max(50)
      .optional(),
  })
  .strict();

/** Drops null and blank-string values (other domains pass optional fields as null), recursively. */
function stripEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripEmpty);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined && !(typeof x === 'string' && x.trim() === '')) out[k] = stripEmpty(x);
    return out;
  }
  return v;
}

/** Validates and normalises a determination input; throws a 400 with the field and the reason. */
export function parseDeterminationInput(raw: unknown): DeterminationInput {
  const r = DeterminationInputSchema.safeParse(stripEmpty(raw));
  if (!r.success) {
    const fields: Record<string, string> = {};
    for (const i of r.error.issues) fields[i.path.join('.') || 'body'] ??= i.message;
    throw invalid(fields);
  }
  const input = r.data as DeterminationInput;
  const fields: Record<string, string> = {};
  input.items.forEach((it, i) => {
    if (it.code !== undefined && it.code !== '') {
      const n = normaliseCode(it.code);
      if (!n) fields[`items.${i}.code`] = 'is not a control code (e.g. 1A002, 3A001.b.2, EAR99, ML10)';
      else it.code = n;
    } else {
      delete it.code;
      if (!it.description && !it.hsCode) fields[`items.${i}`] = 'give a control code, an HS code, or a description for an unlisted item';
    }
  });
  if (Object.keys(fields).length) throw invalid(fields);
  return input;
}
