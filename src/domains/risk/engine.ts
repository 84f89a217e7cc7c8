/**
 * One scan over a stream of declarations: local rules on each declaration as it comes, then the rules that need the
 * whole window (first consignee shipments, split shipments, outliers against baselines, links to listed parties).
 */
import type { RiskDeclaration } from '../customs/risk.port.js';
import { RULES } from './rules.data.js';
import { exporterKey, hit, justUnder, localHits, normAddress, partyKey, robustStats, robustZ, sensitiveLines, splitRuns, type Hit } from './signals.js';

export interface Rec {
  id: string;
  reference: string;
  date: string;
  exporterKey: string;
  exporterName: string;
  consigneeKey: string;
  endUserKey: string | null;
  hits: Hit[];
}

export interface PartyState {
  key: string;
  name: string;
  country: string;
  address: string | null;
  addressNorm: string | null;
  eori: string | null;
  roles: string[];
  firstDate: string;
  firstReference: string;
  declarations: number;
  listed: boolean;
  listedDetail: string | null;
}

export interface Baseline {
  median: number;
  mad: number;
  n: number;
}

export interface EngineInput {
  /** full: baselines are computed from this scan; otherwise the stored ones are used. */
  full: boolean;
  parties: Map<string, PartyState>;
  baselines: Map<string, Baseline>;
  /** Earlier just-under events per exporter→consignee pair (incremental scans). */
  priorSplit: Map<string, { date: string; reference: string; declarationId: string }[]>;
}

const LISTED = /^The (exporter|consignee|end user) "(.*)" matches "(.*)" on (.*)$/;
type Group = { uv: number[]; q: number[]; idx: number[] };

export class ScanEngine {
  readonly recs: Rec[] = [];
  readonly touched = new Set<string>();
  readonly skipped: Record<string, string> = {};
  /** consignee key → reference of its first declaration, as stored before this scan */
  private readonly known: Map<string, string>;
  private readonly firstByConsignee = new Map<string, number>();
  private readonly sensitive = new Set<number>();
  private readonly split = new Map<string, { idx: number; date: string; value: number; threshold: number; currency: string }[]>();
  private readonly groups = new Map<string, Group>();
  readonly newBaselines = new Map<string, Baseline>();
  readonly splitEvents: { pairKey: string; rec: Rec; value: number }[] = [];

  constructor(private readonly input: EngineInput) {
    this.known = new Map([...input.parties.values()].filter((p) => p.roles.includes('consignee')).map((p) => [p.key, p.firstReference]));
  }

  splitPairs() {
    return [...this.split.keys()];
  }

  setPriorSplit(prior: EngineInput['priorSplit']) {
    const mine = new Set(this.splitEvents.map((e) => e.rec.id));
    for (const [k, evs] of prior) this.input.priorSplit.set(k, evs.filter((e) => !mine.has(e.declarationId)));
  }

  add(d: RiskDeclaration) {
    const idx = this.recs.length;
    const ck = partyKey(d.consignee);
    const rec: Rec = { id: d.id, reference: d.reference, date: d.date, exporterKey: exporterKey(d.exporter), exporterName: d.exporter.name, consigneeKey: ck, endUserKey: d.endUser ? partyKey(d.endUser) : null, hits: localHits(d) };
    this.recs.push(rec);
    const listed = this.listedRoles(d);
    this.party(rec.exporterKey, d.exporter, 'exporter', d, listed.get('exporter'));
    this.party(ck, d.consignee, 'consignee', d, listed.get('consignee'));
    if (d.endUser && rec.endUserKey) this.party(rec.endUserKey, d.endUser, 'end_user', d, listed.get('end user'));
    const prev = this.firstByConsignee.get(ck);
    if (prev === undefined || earlier(rec, this.recs[prev]!)) this.firstByConsignee.set(ck, idx);
    if (sensitiveLines(d).length) this.sensitive.add(idx);
    const currency = d.lines[0]?.currency ?? '';
    const value = d.lines.reduce((s, l) => s + (l.currency === currency ? l.value : 0), 0);
    const threshold = justUnder(value, currency);
    if (threshold !== null) {
      const pair = `${rec.exporterKey}>${ck}`;
      const list = this.split.get(pair) ?? [];
      list.push({ idx, date: d.date, value, threshold, currency });
      this.split.set(pair, list);
      this.splitEvents.push({ pairKey: pair, rec, value });
    }
    for (const l of d.lines) {
      if (!(l.quantity > 0) || !(l.value > 0)) continue;
      const key = `${l.hsCode.slice(0, 6)}|${d.destination}|${l.unit.toLowerCase()}|${l.currency}`;
      const g = this.groups.get(key) ?? { uv: [], q: [], idx: [] };
      g.uv.push(Math.log10(l.value / l.quantity));
      g.q.push(Math.log10(l.quantity));
      g.idx.push(idx);
      this.groups.set(key, g);
    }
  }

  private listedRoles(d: RiskDeclaration) {
    const out = new Map<string, string>();
    for (const l of d.lines)
      for (const r of l.reasons) {
        const m = r.code === 'party_screening_hit' ? LISTED.exec(r.message) : null;
        if (m) out.set(m[1]!, `matches "${m[3]}" on ${m[4]}`);
      }
    return out;
  }

  private party(key: string, p: RiskDeclaration['consignee'], role: string, d: RiskDeclaration, listedDetail?: string) {
    const cur = this.input.parties.get(key);
    this.touched.add(key);
    if (!cur) {
      const addressNorm = normAddress(p.address) || null;
      this.input.parties.set(key, { key, name: p.name, country: p.country, address: p.address ?? null, addressNorm, eori: p.eori ?? null, roles: [role], firstDate: d.date, firstReference: d.reference, declarations: 1, listed: !!listedDetail, listedDetail: listedDetail ?? null });
      return;
    }
    cur.declarations++;
    if (!cur.roles.includes(role)) cur.roles.push(role);
    if (d.date < cur.firstDate) [cur.firstDate, cur.firstReference] = [d.date, d.reference];
    if (!cur.addressNorm && p.address) [cur.address, cur.addressNorm] = [p.address, normAddress(p.address) || null];
    if (!cur.eori && p.eori) cur.eori = p.eori;
    if (listedDetail && !cur.listed) [cur.listed, cur.listedDetail] = [true, listedDetail];
  }

  /** Parties linked to a listed party → why (filled by finish). */
  linked = new Map<string, string>();

  partiesMap() {
    return this.input.parties;
  }

  finish() {
    this.newConsignees();
    this.splitShipments();
    this.outliers();
    this.linked = this.linkedParties();
  }

  private newConsignees() {
    const days = RULES.new_consignee_sensitive.params.historyDays;
    const starts = [...this.input.parties.values()].map((p) => p.firstDate).concat(this.recs.map((r) => r.date));
    const start = starts.reduce((m, d) => (d < m ? d : m), '9999-12-31');
    const warm = new Date(Date.parse(`${start}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    if (start !== '9999-12-31' && this.recs.some((r) => r.date < warm)) this.skipped.new_consignee_sensitive = `declarations before ${warm} (the first ${days} days of history from ${start}) are not judged for new consignees`;
    for (const [key, idx] of this.firstByConsignee) {
      const r = this.recs[idx]!;
      const first = this.known.get(key);
      if ((first !== undefined && first !== r.reference) || !this.sensitive.has(idx) || r.date < warm) continue;
      r.hits.push(hit('new_consignee_sensitive', `First shipment to consignee ${this.input.parties.get(key)?.name ?? key} and it carries sensitive items`));
    }
  }

  private splitShipments() {
    for (const [pair, evs] of this.split) {
      const prior = this.input.priorSplit.get(pair) ?? [];
      const all = [...prior.map((p) => ({ date: p.date })), ...evs.map((e) => ({ date: e.date }))];
      const flagged = splitRuns(all);
      if (!flagged.size) continue;
      const dates = [...flagged].map((i) => all[i]!.date).sort();
      evs.forEach((e, k) => {
        if (!flagged.has(prior.length + k)) return;
        const r = this.recs[e.idx]!;
        r.hits.push(hit('split_shipment', `${flagged.size} declarations from ${r.exporterName} to ${this.input.parties.get(r.consigneeKey)?.name} between ${dates[0]} and ${dates[dates.length - 1]}, each just under ${e.threshold} ${e.currency} (this one ${Math.round(e.value)})`));
      });
    }
  }

  private outliers() {
    const p = RULES.value_outlier.params;
    let missing = 0;
    for (const [key, g] of this.groups) {
      for (const [metric, xs] of [['unit_value', g.uv], ['quantity', g.q]] as const) {
        const bk = `${metric}|${key}`;
        let s = this.input.baselines.get(bk);
        if (this.input.full && xs.length >= p.minGroup) this.newBaselines.set(bk, (s = robustStats(xs)));
        if (!s || s.n < p.minGroup) {
          missing++;
          continue;
        }
        xs.forEach((x, k) => {
          const z = robustZ(x, s);
          if (Math.abs(z) < p.robustZ) return;
          const r = this.recs[g.idx[k]!]!;
          if (r.hits.some((h) => h.signal === 'value_outlier')) return;
          const [hs, dest] = key.split('|');
          r.hits.push(hit('value_outlier', `${metric === 'unit_value' ? 'Unit value' : 'Quantity'} ${fmt(10 ** x)} against a median of ${fmt(10 ** s.median)} for HS ${hs} to ${dest} (robust z ${z.toFixed(1)}, ${s.n} lines)`));
        });
      }
    }
    if (missing) this.skipped.value_outlier = `${missing} HS/destination groups have fewer than ${p.minGroup} lines in the baseline; not evaluated`;
  }

  /** Parties sharing a normalised address or an EORI with a listed party (direct links only). */
  private linkedParties() {
    const min = RULES.linked_to_listed.params.minAddressLength;
    const byAddr = new Map<string, PartyState[]>();
    const byEori = new Map<string, PartyState[]>();
    for (const p of this.input.parties.values()) {
      if (p.addressNorm && p.addressNorm.length >= min) pushTo(byAddr, p.addressNorm, p);
      if (p.eori) pushTo(byEori, p.eori, p);
    }
    const linked = new Map<string, string>();
    for (const [via, groups] of [['address', byAddr], ['identifier', byEori]] as const)
      for (const g of groups.values()) {
        const listed = g.filter((p) => p.listed);
        if (!listed.length) continue;
        for (const p of g) if (!p.listed && !linked.has(p.key)) linked.set(p.key, `shares its ${via} with listed party ${listed[0]!.name} (${listed[0]!.country}, ${listed[0]!.listedDetail})`);
      }
    for (const r of this.recs)
      for (const k of [r.consigneeKey, r.endUserKey])
        if (k && linked.has(k) && !r.hits.some((h) => h.signal === 'linked_to_listed')) r.hits.push(hit('linked_to_listed', `${this.input.parties.get(k)!.name} ${linked.get(k)}`));
    return linked;
  }
}

const pushTo = <T>(m: Map<string, T[]>, k: string, v: T) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};
const earlier = (a: Rec, b: Rec) => a.date < b.date || (a.date === b.date && a.reference < b.reference);
const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-GB') : x.toPrecision(3));

/** 0–100: the sum of the signals' weights, capped; the alert's kind is its strongest signal. */
export function scoreOf(hits: Hit[]) {
  const sorted = [...hits].sort((a, b) => b.weight - a.weight);
  return { score: Math.min(100, sorted.reduce((s, h) => s + h.weight, 0)), kind: sorted[0]?.signal ?? null, explanation: sorted };
}
