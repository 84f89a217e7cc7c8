/** Risk's own state: parties seen, baselines, split-shipment events, alerts (upserted per subject). */
import type { Executor } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import type { Baseline, PartyState, Rec } from './engine.js';
import type { Hit } from './signals.js';

const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

export async function loadParties(db: Executor) {
  const rows = await db.selectFrom('risk_parties').selectAll().execute();
  return new Map<string, PartyState>(
    rows.map((r) => [r.key, { key: r.key, name: r.name, country: r.country, address: r.address, addressNorm: r.address_norm, eori: r.eori, roles: JSON.parse(r.roles), firstDate: r.first_date, firstReference: r.first_reference, declarations: Number(r.declarations), listed: r.listed === 1, listedDetail: r.listed_detail }]),
  );
}

export async function saveParties(db: Executor, parties: PartyState[], now: string, replace: boolean) {
  if (replace) await db.deleteFrom('risk_parties').execute();
  for (const part of chunks(parties, 500)) {
    const rows = part.map((p) => ({ key: p.key, name: p.name, country: p.country, address: p.address, address_norm: p.addressNorm, eori: p.eori, roles: JSON.stringify(p.roles), first_date: p.firstDate, first_reference: p.firstReference, declarations: p.declarations, listed: p.listed ? 1 : 0, listed_detail: p.listedDetail, updated_at: now }));
    await db
      .insertInto('risk_parties')
      .values(rows)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({ address: eb.ref('excluded.address'), address_norm: eb.ref('excluded.address_norm'), eori: eb.ref('excluded.eori'), roles: eb.ref('excluded.roles'), first_date: eb.ref('excluded.first_date'), first_reference: eb.ref('excluded.first_reference'), declarations: eb.ref('excluded.declarations'), listed: eb.ref('excluded.listed'), listed_detail: eb.ref('excluded.listed_detail'), updated_at: eb.ref('excluded.updated_at') })),
      )
      .execute();
  }
}

export async function loadBaselines(db: Executor) {
  const rows = await db.selectFrom('risk_baselines').selectAll().execute();
  return new Map<string, Baseline>(rows.map((r) => [r.key, { median: Number(r.median), mad: Number(r.mad), n: Number(r.n) }]));
}

export async function saveBaselines(db: Executor, b: Map<string, Baseline>, now: string) {
  await db.deleteFrom('risk_baselines').execute();
  for (const part of chunks([...b], 1000)) await db.insertInto('risk_baselines').values(part.map(([key, s]) => ({ key, median: s.median, mad: s.mad, n: s.n, updated_at: now }))).execute();
}

export async function loadSplitEvents(db: Executor, pairs: string[]) {
  const out = new Map<string, { date: string; reference: string; declarationId: string }[]>();
  for (const part of chunks(pairs, 500)) {
    if (!part.length) continue;
    const rows = await db.selectFrom('risk_split_events').select(['pair_key', 'date', 'reference', 'declaration_id']).where('pair_key', 'in', part).execute();
    for (const r of rows) out.set(r.pair_key, [...(out.get(r.pair_key) ?? []), { date: r.date, reference: r.reference, declarationId: r.declaration_id }]);
  }
  return out;
}

export async function saveSplitEvents(db: Executor, events: { pairKey: string; rec: Rec; value: number }[], replace: boolean) {
  if (replace) await db.deleteFrom('risk_split_events').execute();
  for (const part of chunks(events, 1000)) await db.insertInto('risk_split_events').values(part.map((e) => ({ id: newId(), pair_key: e.pairKey, declaration_id: e.rec.id, reference: e.rec.reference, date: e.rec.date, value: e.value }))).execute();
}

export interface AlertUpsert {
  kind: string;
  subjectType: 'declaration' | 'party' | 'exporter';
  subjectKey: string;
  subjectRef: string;
  subjectId: string | null;
  exporterKey: string | null;
  score: number;
  explanation: Hit[] | { signal: string; weight: number; detail: string }[];
  subjectDate: string | null;
}

/** Inserts alerts or refreshes their score and explanation; a triaged, escalated or dismissed alert keeps its state. */
export async function upsertAlerts(db: Executor, alerts: AlertUpsert[], scanId: string, now: string) {
  for (const part of chunks(alerts, 400)) {
    const rows = part.map((a) => ({ id: newId(), kind: a.kind, subject_type: a.subjectType, subject_key: a.subjectKey, subject_ref: a.subjectRef, subject_id: a.subjectId, exporter_key: a.exporterKey, score: a.score, explanation: JSON.stringify(a.explanation), status: 'new', status_reason: null, escalated_to: null, escalation_ref: null, subject_date: a.subjectDate, scan_id: scanId, created_at: now, updated_at: now }));
    await db
      .insertInto('risk_alerts')
      .values(rows)
      .onConflict((oc) => oc.columns(['subject_type', 'subject_key']).doUpdateSet((eb) => ({ kind: eb.ref('excluded.kind'), score: eb.ref('excluded.score'), explanation: eb.ref('excluded.explanation'), subject_ref: eb.ref('excluded.subject_ref'), scan_id: eb.ref('excluded.scan_id'), updated_at: eb.ref('excluded.updated_at') })))
      .execute();
  }
}
