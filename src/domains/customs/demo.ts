/**
 * `clearway demo declarations --count N`: a declaration stream against the licences that exist (the demo year's), through
 * the real ingest. Values, ratings and general-licence destinations are drawn from the bundled UK 2014 dual-use licence
 * records (data/eu-2021-821/sample-shipments-uk-2014.csv.gz). HS codes: one plausible HS-6 heading per control-list
 * category (illustrative, documented in docs/customs.md; no open HS ↔ control correlation is bundled).
 * About 12 % of lines are built to be held (wrong destination, too much, unregistered general licence, no authorisation).
 */
import type { Deps } from '../../platform/context.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { readBundledText } from '../../platform/data.js';
import type { DeclarationInput } from './customs.schema.js';
import { ingestDeclarations } from './ingest.js';
import { findLicencesByHolder, hsCorrelation, PartyScreener, type LicenceSnapshot } from './ports.js';

/** Illustrative HS-6 headings per Annex I category (0 nuclear … 9 aerospace). */
export const HS_BY_CATEGORY: Record<string, string[]> = {
  '0': ['840120', '284410'], '1': ['681510', '390469'], '2': ['845961', '846140'], '3': ['854231', '903089'], '4': ['847150', '847330'],
  '5': ['851762', '852692'], '6': ['901380', '902780'], '7': ['901420', '852691'], '8': ['890590', '901480'], '9': ['841191', '880240'],
};

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export interface DemoOptions {
  count: number;
  seed?: number;
  date?: string;
  onProgress?: (done: number, total: number) => void;
}

export function buildDemoDeclarations(licences: LicenceSnapshot[], o: { count: number; seed?: number; date: string }): DeclarationInput[] {
  const rand = rng(o.seed ?? 2025);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const samples = readBundledText('eu-2021-821/sample-shipments-uk-2014.csv').trim().split('\n').slice(1).map((l) => l.split(','));
  const eu001 = ['AU', 'CA', 'JP', 'NO', 'CH', 'US', 'NZ'];
  const active = licences.filter((l) => l.status === 'active' && l.goods.length && l.destination);
  const out: DeclarationInput[] = [];
  // Spread the stream so that a licence is, on average, mostly (not wholly) used by the end of it.
  const usesPerGood = Math.max(1, (o.count * 0.8) / Math.max(1, active.reduce((s, l) => s + l.goods.length, 0)));
  for (let i = 0; i < o.count; i++) {
    const x = rand();
    const ref = `DEMO-${o.seed ?? 2025}-${String(i + 1).padStart(7, '0')}`;
    const base = { reference: ref, date: o.date, procedure: 'export' as const, customsOffice: pick(['GB000060', 'GB000011', 'GB000085']), dispatchCountry: 'GB' };
    if (active.length && x < 0.8) {
      const lic = pick(active);
      const g = pick(lic.goods);
      const consignee = lic.parties.find((p) => p.role === 'consignee');
      const frac = Math.min(0.3, ((0.4 + rand()) * 0.8) / usesPerGood);
      const over = x > 0.76; // about 5 %: more than the licence allows
      const wrongDest = x < 0.03;
      const holder = lic.holder ?? 'Exporter';
      out.push({
        ...base,
        declarant: { name: holder, country: 'GB' },
        exporter: { name: holder, country: 'GB' },
        consignee: { name: consignee?.name ?? 'Unknown consignee', country: consignee?.country ?? lic.destination!, address: consignee?.address },
        destination: wrongDest ? (lic.destination === 'AE' ? 'IR' : 'AE') : lic.destination!,
        items: [
          {
            line: 1,
            hsCode: pick(HS_BY_CATEGORY[(g.rating ?? '5')[0]!] ?? HS_BY_CATEGORY['5']!),
            description: g.description,
            controlCode: g.rating ?? undefined,
            quantity: over ? g.quantity * 2 : Math.max(1, Math.round(g.quantity * frac)),
            unit: g.unit,
            value: over ? g.value * 2 : Math.round(g.value * frac),
            currency: g.currency,
            authorisation: { kind: 'individual', reference: lic.reference },
          },
        ],
      } as DeclarationInput);
      continue;
    }
    const s = pick(samples);
    const rating = s[1]!;
    const noAuth = x > 0.95;
    const dest = noAuth ? s[3]! : pick(eu001);
    out.push({
      ...base,
      declarant: { name: `Demo Trader ${1 + Math.floor(rand() * 40)} Ltd`, country: 'GB' },
      exporter: { name: `Demo Trader ${1 + Math.floor(rand() * 40)} Ltd`, country: 'GB' },
      consignee: { name: `Consignee ${dest}-${1 + Math.floor(rand() * 200)}`, country: dest },
      destination: dest,
      items: [
        {
          line: 1,
          hsCode: pick(HS_BY_CATEGORY[rating[0]!] ?? HS_BY_CATEGORY['5']!),
          description: `Goods rated ${rating}`,
          controlCode: rating,
          quantity: 1 + Math.floor(rand() * 20),
          unit: 'items',
          value: Math.max(1, Math.round(Number(s[2]))),
          currency: 'GBP',
          authorisation: noAuth ? undefined : { kind: 'general', reference: 'EU001' },
        },
      ],
    } as DeclarationInput);
  }
  return out;
}

/** Generates and ingests the stream (exporters declare for themselves; general-licence traders have no organisation). */
export async function runDemoDeclarations(deps: Deps, o: DemoOptions) {
  const ctx = ctxFor(deps, SYSTEM_ACTOR, 'demo:declarations');
  const licences = await findLicencesByHolder(deps.db, { limit: 100_000 });
  const date = o.date ?? deps.clock.now().toISOString().slice(0, 10);
  const decls = buildDemoDeclarations(licences, { count: o.count, seed: o.seed, date });
  const screener = new PartyScreener(ctx);
  const hs = await hsCorrelation(ctx);
  const totals: Record<string, number> = { released: 0, held: 0, rejected: 0, duplicate: 0 };
  const t0 = Date.now();
  for (let i = 0; i < decls.length; i += 200) {
    const part = decls.slice(i, i + 200);
    const res = await ingestDeclarations(ctx, part, { organisationId: null, screener, hs, audit: 'per_call' });
    for (const r of res) {
      if (r.outcome !== 'created') totals.duplicate!++;
      for (const l of r.lines) totals[l.status] = (totals[l.status] ?? 0) + 1;
    }
    o.onProgress?.(Math.min(decls.length, i + 200), decls.length);
  }
  return { declarations: decls.length, licencesUsed: licences.length, ...totals, seconds: Math.round((Date.now() - t0) / 100) / 10 };
}
