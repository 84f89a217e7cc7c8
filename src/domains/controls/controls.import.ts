import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { readBundled } from '../../platform/data.js';
import { getState, setState } from '../../platform/data.js';
import { newId } from '../../platform/ids.js';
import type { Logger } from 'pino';
import { parseAnnex, type RawAnnexEntry } from './eu-annex.parser.js';
import { joinTags } from './controls.repository.js';
import type { ControlEntryRow } from './controls.tables.js';

export const LISTS = [
  { id: 'eu', name: 'EU dual-use list (Regulation (EU) 2021/821, Annex I)', authority: 'European Union', description: 'Annex I of Regulation (EU) 2021/821 as replaced by Delegated Regulation (EU) 2025/2003.' },
  { id: 'uk', name: 'UK control list ratings', authority: 'United Kingdom', description: 'UK strategic export control ratings: military list ML1–ML22, national PL entries, dual-use codes and other ratings used in licensing statistics.' },
  { id: 'us', name: 'US Commerce Control List (15 CFR 774 Supp. 1)', authority: 'United States (BIS)', description: 'Export Control Classification Numbers with reasons for control.' },
  { id: 'mtcr', name: 'MTCR Annex entries', authority: 'Missile Technology Control Regime', description: 'MTCR Category I and II item codes (from the UK LITE system).' },
  { id: 'nsg', name: 'NSG entries', authority: 'Nuclear Suppliers Group', description: 'NSG Part 1 trigger list (T…) and Part 2 dual-use (N…) codes (from the UK LITE system).' },
] as const;
export const LIST_IDS = LISTS.map((l) => l.id) as string[];

/** Regime tags from the code grammar of Annex I (third character; RULES.md §7). */
export function regimesFromCode(code: string): string[] {
  const m = /^(\d)[A-E](\d)\d\d/.exec(code);
  if (!m) return [];
  const [cat, r] = [m[1], m[2]];
  switch (r) {
    case '0':
      return cat === '0' ? ['NSG-TL'] : ['WA'];
    case '1':
      return ['MTCR'];
    case '2':
      return ['NSG-DU'];
    case '3':
      return ['AG'];
    case '4':
      return ['CWC'];
    case '5':
      return ['EU'];
    default:
      return [];
  }
}

const REASON_REGIME: Record<string, string> = { NS: 'WA', MT: 'MTCR', NP: 'NSG-DU', CB: 'AG', CW: 'CWC' };

/** A review date staggered over the year: the first 15th after `now`, plus `offsetMonths`. */
export function staggeredReview(now: Date, offsetMonths: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 15));
  if (d <= now) d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCMonth(d.getUTCMonth() + (offsetMonths % 12));
  return d.toISOString().slice(0, 10);
}

type NewEntry = Omit<ControlEntryRow, 'id' | 'created_at' | 'search_text' | 'status' | 'amendment_id' | 'valid_to' | 'grace_until' | 'sunset_date'> &
  Partial<Pick<ControlEntryRow, 'status' | 'amendment_id' | 'valid_to' | 'grace_until' | 'sunset_date'>>;

export function searchTextOf(e: { code: string; title: string; text: string; notes: string }) {
  const notes = (JSON.parse(e.notes || '[]') as { text: string }[]).map((n) => n.text).join(' ');
  return `${e.code} ${e.text} ${notes}`.slice(0, 60000);
}

export async function insertEntries(tx: Executor, rows: NewEntry[], now: Date) {
  const full: ControlEntryRow[] = rows.map((r) => ({
    status: 'active',
    amendment_id: null,
    valid_to: null,
    grace_until: null,
    sunset_date: null,
    ...r,
    id: newId(),
    created_at: now.toISOString(),
    search_text: searchTextOf(r),
  }));
  for (let i = 0; i < full.length; i += 500) await tx.insertInto('control_entries').values(full.slice(i, i + 500)).execute();
  return full;
}

async function ensureLists(tx: Executor, now: Date) {
  for (const l of LISTS) {
    const exists = await tx.selectFrom('control_lists').select('id').where('id', '=', l.id).executeTakeFirst();
    if (!exists) await tx.insertInto('control_lists').values({ ...l, created_at: now.toISOString() }).execute();
  }
}

async function createRelease(tx: Executor, now: Date, r: { list: string; version: string; title: string; effectiveFrom: string; source: string; amendmentId?: string | null }) {
  const row = { id: newId(), list_id: r.list, version: r.version, title: r.title, effective_from: r.effectiveFrom, source: r.source, amendment_id: r.amendmentId ?? null, created_at: now.toISOString() };
  await tx.insertInto('control_releases').values(row).execute();
  return row;
}
export { createRelease };

const checksum = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 16);

/** Loads one bundled dataset once (state key + checksum); the whole dataset in one transaction. */
async function once(db: Kysely<DB>, log: Logger, key: string, file: string, now: Date, load: (tx: Executor, raw: Buffer) => Promise<number>) {
  const raw = readBundled(file);
  const sum = checksum(raw);
  const stateKey = `seed:controls:${key}`;
  if ((await getState(db, stateKey)) === sum) return { skipped: true, count: 0 };
  const count = await withTx(db, async (tx) => {
    await ensureLists(tx, now);
    if (await getState(tx, stateKey)) {
      log.warn({ dataset: key }, 'bundled control data changed since it was loaded; the loaded release is kept (load a new release through an amendment)');
      await setState(tx, stateKey, sum, now);
      return 0;
    }
    const n = await load(tx, raw);
    await setState(tx, stateKey, sum, now);
    return n;
  });
  log.info({ dataset: key, entries: count }, 'control list loaded');
  return { skipped: false, count };
}

export async function importEu(tx: Executor, raw: Buffer, now: Date) {
  const data = JSON.parse(raw.toString('utf8')) as { metadata: { consolidation_date: string; version: string }; entries: RawAnnexEntry[] };
  const parsed = parseAnnex(data.entries);
  const rel = await createRelease(tx, now, {
    list: 'eu',
    version: data.metadata.version,
    title: `Annex I consolidated ${data.metadata.version} (Delegated Regulation (EU) 2025/2003)`,
    effectiveFrom: data.metadata.consolidation_date,
    source: 'data/eu-annex-i/annex_i_en_2025-11.json.gz (dkmcustoms-web/dual-use-v1 @ 2e697d0, parsed from the Official Journal)',
  });
  const rows: NewEntry[] = parsed.items.map((it, i) => ({
    list_id: 'eu',
    code: it.code,
    root_code: it.root,
    parent_code: it.parent,
    depth: it.depth,
    sort_key: i,
    category: it.root[0],
    product_group: it.root[1],
    title: it.title,
    text: it.text,
    notes: JSON.stringify(it.notes),
    regimes: joinTags(regimesFromCode(it.root)),
    reasons: '',
    sensitivity: it.root[0] === '0' ? 'high' : 'standard',
    release_id: rel.id,
    valid_from: rel.effective_from,
    next_review_date: staggeredReview(now, Number(it.root[0])),
  }));
  await insertEntries(tx, rows, now);
  const report = parsed.report.map((r) => ({ id: newId(), list_id: 'eu', release_id: rel.id, code: r.code, kind: r.kind, detail: r.detail, repaired: r.repaired ? 1 : 0 }));
  for (const s of parsed.sections) report.push({ id: newId(), list_id: 'eu', release_id: rel.id, code: s.afterCode, kind: 'section_text', detail: s.text.slice(0, 4000), repaired: 1 });
  for (let i = 0; i < report.length; i += 500) await tx.insertInto('control_import_reports').values(report.slice(i, i + 500)).execute();
  return rows.length;
}

export async function importUk(tx: Executor, raw: Buffer, now: Date) {
  const recs = parse(raw, { columns: true, skip_empty_lines: true, bom: true }) as { rating: string; military: string; short_description: string; full_description: string }[];
  const rel = await createRelease(tx, now, { list: 'uk', version: '2026-04', title: 'UK control ratings, April 2026', effectiveFrom: '2026-04-01', source: 'data/uk-ratings/ratings.csv.gz (CAAT compilation of UK strategic export licensing statistics)' });
  const rows: NewEntry[] = recs.map((r, i) => {
    const code = r.rating.trim();
    const military = r.military.trim() === '1';
    const dual = /^\d[A-E]\d{3}$/.test(code);
    const group = /^ML\d+$/.test(code) ? 'military' : /^PL\d+$/.test(code) ? 'national' : dual ? 'dual-use' : 'other';
    return {
      list_id: 'uk',
      code,
      root_code: code,
      parent_code: null,
      depth: 0,
      sort_key: i,
      category: dual ? code[0] : group,
      product_group: dual ? code[1] : null,
      title: r.short_description.trim() || code,
      text: r.full_description.trim(),
      notes: '[]',
      regimes: joinTags(dual ? regimesFromCode(code) : /^ML\d+$/.test(code) ? ['WA'] : []),
      reasons: '',
      sensitivity: military ? 'military' : 'standard',
      release_id: rel.id,
      valid_from: rel.effective_from,
      next_review_date: staggeredReview(now, i),
    };
  });
  await insertEntries(tx, rows, now);
  // UK dual-use ratings are the EU Annex I codes: record that correspondence.
  const eu = new Set((await tx.selectFrom('control_entries').select('code').where('list_id', '=', 'eu').where('depth', '=', 0).execute()).map((r) => r.code));
  const corr = rows
    .filter((r) => eu.has(r.code))
    .map((r) => ({ id: newId(), from_list: 'eu', from_code: r.code, to_list: 'uk', to_code: r.code, relation: 'equivalent', note: null, source: 'seed: UK dual-use ratings use the EU Annex I code', created_at: now.toISOString() }));
  for (let i = 0; i < corr.length; i += 500) await tx.insertInto('control_correspondences').values(corr.slice(i, i + 500)).execute();
  return rows.length;
}

export async function importRegimes(tx: Executor, files: { mtcr1: Buffer; mtcr2: Buffer; nsgTl: Buffer; nsgDu: Buffer }, now: Date) {
  const rowsOf = (b: Buffer) => parse(b, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const src = 'data/regime-entries (uktrade/lite-api @ d65f56a, MIT)';
  const mt = await createRelease(tx, now, { list: 'mtcr', version: '2022-12', title: 'MTCR Annex codes (LITE, 2022-12-14)', effectiveFrom: '2022-12-14', source: src });
  const ns = await createRelease(tx, now, { list: 'nsg', version: '2022-12', title: 'NSG codes (LITE, 2022-12-14)', effectiveFrom: '2022-12-14', source: src });
  const out: NewEntry[] = [];
  let k = 0;
  for (const [buf, cat] of [[files.mtcr1, 'I'], [files.mtcr2, 'II']] as const)
    for (const r of rowsOf(buf)) {
      const code = r[0].trim();
      out.push({ list_id: 'mtcr', code, root_code: code, parent_code: null, depth: 0, sort_key: k++, category: cat, product_group: null, title: `MTCR Category ${cat} item ${code}`, text: '', notes: '[]', regimes: joinTags(['MTCR']), reasons: '', sensitivity: cat === 'I' ? 'high' : 'standard', release_id: mt.id, valid_from: mt.effective_from, next_review_date: staggeredReview(now, k) });
    }
  for (const [buf, part, label] of [[files.nsgTl, 'TL', 'NSG Part 1 (trigger list)'], [files.nsgDu, 'DU', 'NSG Part 2 (dual-use)']] as const) {
    const codes = rowsOf(buf).map((r) => ({ code: r[0].trim(), level: Number(r[2]) || 0, status: r[1] }));
    const seen = new Set<string>();
    for (const c of codes) {
      let parent: string | null = null;
      for (let i = c.code.length - 1; i > 0; i--) {
        const p = c.code.slice(0, i).replace(/\.$/, '');
        if (seen.has(p)) {
          parent = p;
          break;
        }
      }
      seen.add(c.code);
      let root = c.code;
      for (let p = parent; p; ) {
        root = p;
        p = out.find((o) => o.list_id === 'nsg' && o.code === p)?.parent_code ?? null;
      }
      out.push({ list_id: 'nsg', code: c.code, root_code: root, parent_code: parent, depth: parent ? (out.find((o) => o.list_id === 'nsg' && o.code === parent)!.depth + 1) : 0, sort_key: k++, category: part, product_group: null, title: `${label} entry ${c.code}`, text: c.status === 'PARENT' ? 'Grouping entry' : '', notes: '[]', regimes: joinTags([`NSG-${part}`]), reasons: '', sensitivity: part === 'TL' ? 'high' : 'standard', release_id: ns.id, valid_from: ns.effective_from, next_review_date: staggeredReview(now, k) });
    }
  }
  await insertEntries(tx, out, now);
  return out.length;
}

interface Eccn {
  id: string;
  category: string;
  group: string;
  heading: string;
  reasonForControl: string[];
  paragraphs: { ref: string; text: string; depth: number }[];
  relatedControls?: string;
  notes: { title: string; text: string }[];
}

export async function importUs(tx: Executor, raw: Buffer, now: Date) {
  const data = JSON.parse(raw.toString('utf8')) as { stamp: { asOf: string }; eccns: Eccn[] };
  const rel = await createRelease(tx, now, { list: 'us', version: data.stamp.asOf, title: `Commerce Control List, eCFR ${data.stamp.asOf}`, effectiveFrom: data.stamp.asOf, source: 'data/us-ccl/ear-ccl.json.gz (eCFR 15 CFR 774 Supp. 1 via OSUGIYAMA/EyeWarnYou @ 0980ecc)' });
  const out: NewEntry[] = [];
  let k = 0;
  for (const e of data.eccns) {
    const regimes = [...new Set(e.reasonForControl.map((r) => REASON_REGIME[r]).filter(Boolean))];
    const reasons = joinTags(e.reasonForControl);
    const notes = [
      ...(e.relatedControls ? [{ kind: 'nb', label: 'Related Controls', text: e.relatedControls }] : []),
      ...e.notes.filter((n) => n.text).map((n) => ({ kind: /technical/i.test(n.title) ? 'technical_note' : 'note', label: n.title || 'Note', text: n.text })),
    ];
    const text = e.paragraphs.map((p) => `${'  '.repeat(Math.max(0, p.depth - 1))}${p.ref.split('.').pop()}. ${p.text}`).join('\n');
    out.push({ list_id: 'us', code: e.id, root_code: e.id, parent_code: null, depth: 0, sort_key: k++, category: e.category, product_group: e.group, title: e.heading, text, notes: JSON.stringify(notes), regimes: joinTags(regimes), reasons, sensitivity: 'standard', release_id: rel.id, valid_from: rel.effective_from, next_review_date: staggeredReview(now, Number(e.category) || 0) });
    const seen = new Set<string>([e.id]);
    for (const p of e.paragraphs) {
      const code = `${e.id}.${p.ref}`;
      if (seen.has(code) || !/^[a-z0-9]+(\.[a-z0-9]+)*$/i.test(p.ref)) continue;
      seen.add(code);
      const parent = code.slice(0, code.lastIndexOf('.'));
      out.push({ list_id: 'us', code, root_code: e.id, parent_code: seen.has(parent) ? parent : e.id, depth: p.ref.split('.').length, sort_key: k++, category: e.category, product_group: e.group, title: p.text.slice(0, 300), text: p.text, notes: '[]', regimes: joinTags(regimes), reasons, sensitivity: 'standard', release_id: rel.id, valid_from: rel.effective_from, next_review_date: null });
    }
  }
  await insertEntries(tx, out, now);
  return out.length;
}

/** Seeds the bundled control lists (idempotent). `only` limits which datasets (tests load just what they need). */
export async function seedControls(deps: { db: Kysely<DB>; log: Logger; clock: { now(): Date } }, only?: ('eu' | 'uk' | 'regimes' | 'us')[]) {
  const want = (k: 'eu' | 'uk' | 'regimes' | 'us') => !only || only.includes(k);
  const now = deps.clock.now();
  const result: Record<string, number> = {};
  if (want('eu')) result.eu = (await once(deps.db, deps.log, 'eu', 'eu-annex-i/annex_i_en_2025-11.json', now, (tx, raw) => importEu(tx, raw, now))).count;
  if (want('uk')) result.uk = (await once(deps.db, deps.log, 'uk', 'uk-ratings/ratings.csv', now, (tx, raw) => importUk(tx, raw, now))).count;
  if (want('regimes'))
    result.regimes = (
      await once(deps.db, deps.log, 'regimes', 'regime-entries/NSG_Dual_use.csv', now, (tx) =>
        importRegimes(
          tx,
          {
            mtcr1: readBundled('regime-entries/MTCR_Cat_1_regimes.csv'),
            mtcr2: readBundled('regime-entries/MTCR_Cat_2_regimes.csv'),
            nsgTl: readBundled('regime-entries/NSG_Potential_trigger_list.csv'),
            nsgDu: readBundled('regime-entries/NSG_Dual_use.csv'),
          },
          now,
        ),
      )
    ).count;
  if (want('us')) result.us = (await once(deps.db, deps.log, 'us', 'us-ccl/ear-ccl.json', now, (tx, raw) => importUs(tx, raw, now))).count;
  return result;
}
