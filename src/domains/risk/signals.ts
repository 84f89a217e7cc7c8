/** The risk signals as pure functions over a declaration (and, for the aggregate ones, over groups of them). */
import type { RiskDeclaration, RiskParty } from '../customs/risk.port.js';
import { RULES, type SignalName } from './rules.data.js';

export interface Hit {
  signal: SignalName;
  version: number;
  weight: number;
  detail: string;
}

type Rules = typeof RULES;
export const hit = (signal: SignalName, detail: string, rules: Rules = RULES): Hit => ({ signal, version: rules[signal].version, weight: rules[signal].weight, detail });

const norm = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, ' ').trim();
export const partyKey = (p: Pick<RiskParty, 'name' | 'country'>) => `${norm(p.name)}|${p.country}`;
export const exporterKey = (p: RiskParty) => (p.eori ? `eori:${p.eori.toUpperCase()}` : partyKey(p));
export const normAddress = (a?: string | null) => (a ? norm(a).replace(/\b(street|st|road|rd|building|bldg|floor|fl|office|no)\b/g, '').replace(/\s+/g, ' ').trim() : '');

export function transshipment(d: RiskDeclaration, p = RULES.transshipment.params): string | null {
  const hubs = new Set<string>(p.hubs);
  const emb = new Set<string>(p.embargoed);
  const via = d.transit.filter((c) => hubs.has(c));
  const finalCountry = d.endUser?.country ?? d.destination;
  if (via.length && (emb.has(d.destination) || emb.has(finalCountry))) return `Routed via ${via.join(', ')} toward ${finalCountry}, which is under embargo or sanctions`;
  if (hubs.has(d.destination) && d.endUser && emb.has(d.endUser.country)) return `Declared for ${d.destination} (a diversion hub) with an end user in ${d.endUser.country}, which is under embargo or sanctions`;
  if (hubs.has(d.consignee.country) && emb.has(d.destination)) return `Consignee in ${d.consignee.country} (a diversion hub) for ${d.destination}, which is under embargo or sanctions`;
  return null;
}

export function consigneeEndUserMismatch(d: RiskDeclaration, p = RULES.consignee_end_user_mismatch.params): string | null {
  if (!d.endUser || d.endUser.country === d.consignee.country) return null;
  const pair = `${d.consignee.country}>${d.endUser.country}`;
  if ((p.acceptedPairs as readonly string[]).includes(pair)) return null;
  if (p.groups.some((g) => (g as readonly string[]).includes(d.consignee.country) && (g as readonly string[]).includes(d.endUser!.country))) return null;
  return `Consignee "${d.consignee.name}" is in ${d.consignee.country} but the end user "${d.endUser.name}" is in ${d.endUser.country}; the declaration gives no reason`;
}

export function routeInconsistent(d: RiskDeclaration, p = RULES.route_inconsistent.params): string | null {
  if (!d.transit.length) return null;
  const region = (c: string) => Object.entries(p.regions).find(([, cs]) => cs.includes(c))?.[0];
  const from = region(d.dispatchCountry);
  const to = region(d.destination);
  if (!from || !to) return null;
  const ok = new Set([from, to, ...(p.via[`${from}>${to}`] ?? []), ...(p.via[`${to}>${from}`] ?? [])]);
  const off = d.transit.filter((c) => {
    const r = region(c);
    return r !== undefined && !ok.has(r);
  });
  return off.length ? `Transit through ${off.join(', ')} is off any plausible route from ${d.dispatchCountry} to ${d.destination}` : null;
}

export const sensitiveLines = (d: RiskDeclaration, p = RULES.new_consignee_sensitive.params) =>
  d.lines.filter((l) => l.controlCode && p.sensitivePrefixes.some((x) => l.controlCode!.toUpperCase().startsWith(x)));

/** Lines with a control code or a controlled heading and no authorisation; `held` when customs stopped every one of them. */
export function controlledWithoutAuthorisation(d: RiskDeclaration, p = RULES.controlled_without_authorisation.params): { detail: string; held: boolean } | null {
  const bad = d.lines.filter((l) => !l.authReference && (l.controlCode || (p.controlledHs as readonly string[]).includes(l.hsCode.slice(0, 6))));
  if (!bad.length) return null;
  const held = bad.every((l) => l.status === 'held' || l.status === 'rejected' || l.status === 'refused');
  const what = bad.map((l) => `line ${l.lineNo}: ${l.controlCode ? `control code ${l.controlCode}` : `HS ${l.hsCode.slice(0, 6)} (controlled heading, no control code declared)`} with no authorisation`).join('; ');
  return { detail: held ? `${what} (customs holds it already)` : `${what}, released by customs`, held };
}

/** The rules that need only the declaration itself. */
export function localHits(d: RiskDeclaration): Hit[] {
  const out: Hit[] = [];
  const add = (s: SignalName, detail: string | null) => detail && out.push(hit(s, detail));
  add('transshipment', transshipment(d));
  add('consignee_end_user_mismatch', consigneeEndUserMismatch(d));
  add('route_inconsistent', routeInconsistent(d));
  const c = controlledWithoutAuthorisation(d);
  if (c) {
    const h = hit('controlled_without_authorisation', c.detail);
    out.push(c.held ? { ...h, weight: Math.round(h.weight * RULES.controlled_without_authorisation.params.heldFactor) } : h);
  }
  return out;
}

/** Split shipments: indexes of events (value just under the threshold) with at least minCount in any windowDays window. */
export function splitRuns(events: { date: string }[], p = RULES.split_shipment.params): Set<number> {
  const order = events.map((e, i) => ({ t: Date.parse(`${e.date}T00:00:00Z`), i })).sort((a, b) => a.t - b.t);
  const out = new Set<number>();
  const span = p.windowDays * 86_400_000;
  let lo = 0;
  for (let hi = 0; hi < order.length; hi++) {
    while (order[hi]!.t - order[lo]!.t >= span) lo++;
    if (hi - lo + 1 >= p.minCount) for (let k = lo; k <= hi; k++) out.add(order[k]!.i);
  }
  return out;
}

export const justUnder = (value: number, currency: string, p = RULES.split_shipment.params) => {
  const t = p.thresholds[currency];
  return t !== undefined && value < t && value >= t * (1 - p.margin) ? t : null;
};

export function median(xs: ArrayLike<number>): number {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median and MAD of a group (callers pass log10 values: unit values and quantities are skewed); robust z = 0.6745 (x − median) / MAD. */
export function robustStats(xs: ArrayLike<number>) {
  const med = median(xs);
  const dev = Float64Array.from(xs, (x) => Math.abs(x - med));
  return { median: med, mad: median(dev), n: xs.length };
}

export function robustZ(x: number, s: { median: number; mad: number }, p = RULES.value_outlier.params) {
  const mad = Math.max(s.mad, p.minMad);
  return (0.6745 * (x - s.median)) / mad;
}
