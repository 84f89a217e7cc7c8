import { z } from 'zod';

/** The declaration shape of issue 16, used by the JSON endpoint and by every line of a batch (same validation). */
const iso2 = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code');
const name = z.string().trim().min(1, 'is required').max(300);
const eori = z.string().trim().toUpperCase().regex(/^[A-Z]{2}[0-9A-Z]{1,15}$/, 'must be an EORI number (country code + up to 15 characters)');
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');

export const PROCEDURES = ['export', 're_export', 'temporary_export', 'transit'] as const;

export const Item = z.object({
  line: z.number().int().min(1).max(9999),
  hsCode: z
    .string()
    .transform((s) => s.replace(/[\s.]/g, ''))
    .pipe(z.string().regex(/^\d{6,10}$/, 'must be an HS/CN code of 6 to 10 digits')),
  description: z.string().trim().min(1, 'is required').max(500),
  controlCode: z
    .string()
    .trim()
    .max(40)
    .regex(/^[0-9A-Za-z][0-9A-Za-z.\-]*$/, 'must be a control code such as 5A002.a.1 or ML10')
    .nullish(),
  quantity: z.number().positive('must be greater than 0').max(1e12),
  unit: z.string().trim().min(1, 'is required').max(20),
  value: z.number().min(0, 'must not be negative').max(1e13),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  authorisation: z
    .object({ kind: z.enum(['individual', 'general']), reference: z.string().trim().min(1, 'is required').max(80) })
    .nullish(),
});

export const Declaration = z
  .object({
    reference: z.string().trim().min(1, 'is required').max(70),
    date: isoDate,
    procedure: z.enum(PROCEDURES),
    customsOffice: z.string().trim().min(1, 'is required').max(20),
    declarant: z.object({ name, country: iso2, eori: eori.nullish() }),
    exporter: z.object({ name, country: iso2, eori: eori.nullish() }),
    consignee: z.object({ name, country: iso2, address: z.string().trim().max(500).nullish() }),
    endUser: z.object({ name, country: iso2 }).nullish(),
    destination: iso2,
    dispatchCountry: iso2,
    transit: z.array(iso2).max(20).nullish(),
    items: z.array(Item).min(1, 'give at least one item').max(999),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<number>();
    d.items.forEach((it, i) => {
      if (seen.has(it.line)) ctx.addIssue({ code: 'custom', path: ['items', i, 'line'], message: `line ${it.line} appears twice` });
      seen.add(it.line);
    });
  });

export type DeclarationInput = z.infer<typeof Declaration>;
export type ItemInput = z.infer<typeof Item>;

/** zod issues as `{field: reason}` (first 20), with an optional prefix such as `line 12.`. */
export function zodFields(err: z.ZodError, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of err.issues.slice(0, 20)) out[prefix + (i.path.join('.') || 'body')] = i.message;
  return out;
}
