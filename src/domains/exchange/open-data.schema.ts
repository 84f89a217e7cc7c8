/**
 * The classification exchange format (version 1): published rulings and cross-regime correspondences of control
 * entries, as open data a peer can load. One zod schema is the source of the JSON Schema published at
 * GET /api/public/exchange/classification.schema.json and of the import's validation.
 */
import { z } from 'zod';

const Text = (max: number) => z.string().max(max);
export const Ruling = z.object({
  reference: Text(100).min(1).describe("The publishing authority's ruling reference"),
  publicSummary: Text(2000).describe('Public summary written for publication, redacted'),
  description: Text(10000).nullable().describe("Product description, only with the exporter's consent"),
  partNumber: Text(100).nullable(),
  parameters: z.array(z.object({ name: Text(100), value: Text(100), unit: Text(30).nullable() })).max(50).describe('Technical parameters that decided the rating'),
  rating: z.object({ list: Text(20).nullable(), code: Text(60).nullable(), title: Text(500).nullable(), notListed: z.boolean(), ruledAt: Text(40) }),
  publishedAt: Text(40),
});
export const Correspondence = z.object({
  fromList: Text(20).min(1),
  fromCode: Text(60).min(1),
  toList: Text(20).min(1),
  toCode: Text(60).min(1),
  relation: Text(40),
  note: Text(1000).nullable(),
  source: Text(300).nullable(),
});
export const ClassificationExchange = z.object({
  format: z.literal('clearway-classification-exchange'),
  version: z.literal(1),
  publisher: z.object({ name: Text(200).min(1), keyId: z.string().regex(/^[0-9a-f]{16}$/) }),
  generatedAt: z.string().datetime(),
  rulings: z.array(Ruling).max(100_000),
  correspondences: z.array(Correspondence).max(100_000),
  /** base64 ed25519 signature by the publisher's exchange key over the canonical JSON of everything else. */
  signature: z.string().min(10).max(200),
});
export type ClassificationExchange = z.infer<typeof ClassificationExchange>;

export const classificationExchangeJsonSchema = () => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'clearway-classification-exchange-v1.json',
  title: 'Clearway classification exchange, version 1',
  description: 'Published classification rulings and cross-regime correspondences of control entries, signed by the publishing authority (ed25519 over "clearway-classification-exchange:v1:" + the canonical JSON of the document without its signature; keys sorted at every level).',
  ...z.toJSONSchema(ClassificationExchange, { target: 'draft-2020-12' }),
});
