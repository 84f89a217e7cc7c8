/**
 * Ingests declarations (one from the API, or a chunk of a batch): idempotency per declarant and reference, the line
 * checks, and the usage they consume, all in one transaction. Licence goods are locked in id order and decremented with a
 * conditional update, so concurrent declarations never take a good below zero.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { newId } from '../../platform/ids.js';
import type { DeclarationInput } from './customs.schema.js';
import { checkLine, type CheckEnv, type LineVerdict, type Reason, type RegistrationState } from './checks.js';
import { changeLicenceGoodsUsage, findLicencesByReferences, hsCorrelation, lockLicenceGoods, PartyScreener, type HsCorrelation, type LicenceSnapshot } from './ports.js';
import { loadGlTerms, loadRegistrations, openPendingRegistration } from './gl.repository.js';
import type { CustomsDeclarationsTable, CustomsLinesTable } from './customs.tables.js';

export interface LineResult {
  id: string;
  line: number;
  status: string;
  reasons: Reason[];
  licenceId: string | null;
  licenceReference: string | null;
  generalLicence: string | null;
}
export interface DeclarationResult {
  id: string | null;
  reference: string;
  /** created | duplicate (same reference and content: the stored result) | conflict (reference reused with other content) */
  outcome: 'created' | 'duplicate' | 'conflict';
  status: string;
  lines: LineResult[];
}

export interface IngestOptions {
  /** The declaring organisation (exporters: their own). Null: taken from the first individual licence's holder. */
  organisationId: string | null;
  batchId?: string | null;
  screener?: PartyScreener;
  hs?: HsCorrelation;
  /** One audit event per declaration (the JSON endpoint) or one per call (batch chunks). */
  audit: 'per_declaration' | 'per_call';
}

const EPS = 1e-9;

/** Canonical JSON (sorted keys) so the same declaration re-posted hashes the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined && (v as Record<string, unknown>)[k] !== null)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}
export const declarationHash = (d: DeclarationInput) => createHash('sha256').update(canonical(d)).digest('hex');

/** The declarant's identity for reference uniqueness, within the declaring organisation. */
export function declarantKey(orgId: string | null, d: DeclarationInput) {
  const who = d.declarant.eori ? `eori:${d.declarant.eori}` : `name:${d.declarant.name.toLowerCase().replace(/\s+/g, ' ')}|${d.declarant.country}`;
  return `${orgId ?? 'authority'}:${who}`;
}

function presentStored(decl: { id: string; reference: string; status: string }, lines: CustomsLinesTable[], refs: Map<string, string>): LineResult[] {
  return lines
    .sort((a, b) => a.line_no - b.line_no)
    .map((l) => ({ id: l.id, line: l.line_no, status: l.status, reasons: JSON.parse(l.reasons), licenceId: l.licence_id, licenceReference: l.licence_id ? (refs.get(l.licence_id) ?? l.auth_reference) : null, generalLicence: l.general_licence_id }));
}

async function chunk(ctx: Ctx, decls: DeclarationInput[], o: IngestOptions, licences: Map<string, LicenceSnapshot>, screenings: Awaited<ReturnType<PartyScreener['screen']>>[][], hs: HsCorrelation): Promise<DeclarationResult[]> {
  const gls = await loadGlTerms(ctx.db);
  return withTx(ctx.db, async (tx) => {
    const now = ctx.clock.now().toISOString();
    const orgs = decls.map((d) => o.organisationId ?? firstHolder(d, licences));
    const keys = decls.map((d, i) => declarantKey(orgs[i]!, d));
    const existing = await findExisting(tx, keys, decls.map((d) => d.reference));
    const regs = await loadRegistrations(tx, [...new Set(orgs.filter((x): x is string => Boolean(x)))]);
    const results: DeclarationResult[] = [];
    const newDecls: CustomsDeclarationsTable[] = [];
    const newLines: CustomsLinesTable[] = [];
    const verdicts: { decl: number; item: number; v: LineVerdict; consumed: boolean }[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < decls.length; i++) {
      const d = decls[i]!;
      const k = `${keys[i]}\u0000${d.reference}`;
      const hash = declarationHash(d);
      const prior = existing.get(k);
      if (prior || seen.has(k)) {
        const same = prior ? prior.body_hash === hash : newDecls[seen.get(k)!]!.body_hash === hash;
        results.push({ id: prior?.id ?? newDecls[seen.get(k)!]!.id, reference: d.reference, outcome: same ? 'duplicate' : 'conflict', status: prior?.status ?? 'active', lines: [] });
        continue;
      }
      const orgRegs: Map<string, RegistrationState> = orgs[i] ? (regs.get(orgs[i]!) ?? new Map()) : new Map();
      if (orgs[i]) regs.set(orgs[i]!, orgRegs);
      const env: CheckEnv = {
        organisationId: orgs[i]!,
        date: d.date,
        licences,
        gls,
        registrations: orgRegs,
        parties: [
          { role: 'exporter', name: d.exporter.name, screening: screenings[i]![0]! },
          { role: 'consignee', name: d.consignee.name, screening: screenings[i]![1]! },
          ...(d.endUser ? [{ role: 'end user', name: d.endUser.name, screening: screenings[i]![2]! }] : []),
        ],
        hs,
      };
      const id = newId();
      d.items.forEach((item, j) => {
        const v = checkLine(d, item, env);
        if (v.openPendingRegistration && v.generalLicenceId && orgs[i]) {
          const gl = gls.get(v.generalLicenceId)!;
          const registerBy = new Date(Date.parse(`${d.date}T00:00:00Z`) + gl.registrationDeadlineDays * 86_400_000).toISOString().slice(0, 10);
          orgRegs.set(gl.id, { status: 'pending', registerBy, firstUse: d.date, isNew: true });
        }
        verdicts.push({ decl: newDecls.length, item: j, v, consumed: false });
      });
      seen.set(k, newDecls.length);
      newDecls.push({
        id, organisation_id: orgs[i] ?? null, declarant_key: keys[i]!, reference: d.reference, body_hash: hash, date: d.date, procedure: d.procedure, customs_office: d.customsOffice,
        declarant: JSON.stringify(d.declarant), exporter: JSON.stringify(d.exporter), consignee: JSON.stringify(d.consignee), end_user: d.endUser ? JSON.stringify(d.endUser) : null,
        destination: d.destination, dispatch_country: d.dispatchCountry, transit: JSON.stringify(d.transit ?? []), status: 'active', released_lines: 0, held_lines: 0, rejected_lines: 0,
        batch_id: o.batchId ?? null, created_by: ctx.actor?.userId ?? null, created_at: now, cancelled_at: null, cancelled_by: null, cancel_reason: null,
      });
      results.push({ id, reference: d.reference, outcome: 'created', status: 'active', lines: [] });
    }
    // Usage, in declaration order, against the locked current balances.
    const newDeclInputs = newDecls.map((nd) => decls.find((d, i) => keys[i] === nd.declarant_key && d.reference === nd.reference)!);
    const locked = await lockLicenceGoods(tx, verdicts.filter((x) => x.v.status === 'released' && x.v.licenceGoodId).map((x) => x.v.licenceGoodId!));
    const deltas = new Map<string, { q: number; v: number }>();
    for (const x of verdicts) {
      if (x.v.status !== 'released' || !x.v.licenceGoodId) continue;
      const item = newDeclInputs[x.decl]!.items[x.item]!;
      const g = locked.get(x.v.licenceGoodId);
      if (!g) throw new Error(`licence good ${x.v.licenceGoodId} vanished`);
      const remQ = g.quantity - g.usedQuantity;
      const remV = g.value - g.usedValue;
      const reasons: Reason[] = [];
      if (remQ <= EPS || (g.value > 0 && remV <= EPS)) reasons.push({ code: 'licence_exhausted', message: `Nothing remains of this good on the licence (${g.quantity} authorised, ${g.usedQuantity} shipped)` });
      else {
        if (item.quantity > remQ + EPS) reasons.push({ code: 'quantity_exceeds_remaining', message: `${item.quantity} declared; ${remQ} remain on the licence` });
        if (item.value > remV + EPS) reasons.push({ code: 'value_exceeds_remaining', message: `${item.value} declared; ${remV} of value remain on the licence` });
      }
      if (reasons.length) {
        x.v.status = 'held';
        x.v.reasons.push(...reasons);
        continue;
      }
      g.usedQuantity += item.quantity;
      g.usedValue += item.value;
      const dl = deltas.get(x.v.licenceGoodId) ?? { q: 0, v: 0 };
      dl.q += item.quantity;
      dl.v += item.value;
      deltas.set(x.v.licenceGoodId, dl);
      x.consumed = true;
    }
    const ordered = [...deltas].sort(([a], [b]) => a.localeCompare(b)).map(([goodId, dl]) => ({ goodId, quantity: dl.q, value: dl.v }));
    if (!(await changeLicenceGoodsUsage(tx, ordered))) throw new UsageRace(ordered.map((d) => d.goodId).join(', '));
    for (const [orgId, m] of regs)
      for (const [glId, st] of m)
        if (st.isNew) await openPendingRegistration(tx, ctx, { organisationId: orgId, generalLicenceId: glId, firstUse: st.firstUse!, registerBy: st.registerBy! });
    for (const x of verdicts) {
      const nd = newDecls[x.decl]!;
      const item = newDeclInputs[x.decl]!.items[x.item]!;
      if (x.v.status === 'released') nd.released_lines++;
      else if (x.v.status === 'held') nd.held_lines++;
      else nd.rejected_lines++;
      newLines.push({
        id: newId(), declaration_id: nd.id, organisation_id: nd.organisation_id, line_no: item.line, hs_code: item.hsCode, description: item.description, control_code: item.controlCode ?? null,
        quantity: item.quantity, unit: item.unit, value: item.value, currency: item.currency, auth_kind: item.authorisation?.kind ?? null, auth_reference: item.authorisation?.reference ?? null,
        licence_id: x.v.licenceId, licence_good_id: x.v.licenceGoodId, general_licence_id: x.v.generalLicenceId, destination: nd.destination, status: x.v.status, reasons: JSON.stringify(x.v.reasons),
        consumed: x.consumed ? 1 : 0, decided_by: null, decided_at: null, decision_reason: null, created_at: now,
      });
    }
    for (let i = 0; i < newDecls.length; i += 200) await tx.insertInto('customs_declarations').values(newDecls.slice(i, i + 200)).execute();
    for (let i = 0; i < newLines.length; i += 300) await tx.insertInto('customs_lines').values(newLines.slice(i, i + 300)).execute();
    const refById = new Map([...licences.values()].map((l) => [l.id, l.reference]));
    const linesByDecl = new Map<string, CustomsLinesTable[]>();
    for (const l of newLines) linesByDecl.set(l.declaration_id, [...(linesByDecl.get(l.declaration_id) ?? []), l]);
    for (const res of results) if (res.outcome === 'created') res.lines = presentStored({ id: res.id!, reference: res.reference, status: 'active' }, linesByDecl.get(res.id!) ?? [], refById);
    if (o.audit === 'per_declaration') {
      for (const nd of newDecls)
        await recordAudit(tx, ctx, { action: 'customs.declaration_submitted', subjectType: 'customs_declaration', subjectId: nd.id, after: { reference: nd.reference, released: nd.released_lines, held: nd.held_lines, rejected: nd.rejected_lines } });
    } else if (newDecls.length) {
      const t = newDecls.reduce((a, d) => ({ released: a.released + d.released_lines, held: a.held + d.held_lines, rejected: a.rejected + d.rejected_lines }), { released: 0, held: 0, rejected: 0 });
      await recordAudit(tx, ctx, { action: 'customs.declarations_ingested', subjectType: 'customs_batch', subjectId: o.batchId ?? null, after: { declarations: newDecls.length, first: newDecls[0]!.reference, last: newDecls.at(-1)!.reference, ...t } });
    }
    return results;
  });
}

class UsageRace extends Error {
  constructor(goodId: string) {
    super(`usage of licence good ${goodId} changed concurrently`);
  }
}

function firstHolder(d: DeclarationInput, licences: Map<string, LicenceSnapshot>): string | null {
  for (const it of d.items) if (it.authorisation?.kind === 'individual') {
    const l = licences.get(it.authorisation.reference.toUpperCase());
    if (l) return l.organisationId;
  }
  return null;
}

async function findExisting(tx: Executor, keys: string[], refs: string[]) {
  const out = new Map<string, { id: string; body_hash: string; status: string }>();
  const uniq = [...new Set(refs)];
  for (let i = 0; i < uniq.length; i += 500) {
    const rows = await tx.selectFrom('customs_declarations').select(['id', 'declarant_key', 'reference', 'body_hash', 'status']).where('reference', 'in', uniq.slice(i, i + 500)).where('declarant_key', 'in', [...new Set(keys)]).execute();
    for (const r of rows) out.set(`${r.declarant_key}\u0000${r.reference}`, r);
  }
  return out;
}

/** Fills in stored results for duplicates (same reference, same content). */
async function fillDuplicates(ctx: Ctx, results: DeclarationResult[]) {
  const ids = results.filter((r) => r.outcome === 'duplicate' && r.id).map((r) => r.id!);
  if (!ids.length) return;
  const lines = await ctx.db.selectFrom('customs_lines').selectAll().where('declaration_id', 'in', ids).execute();
  const decls = await ctx.db.selectFrom('customs_declarations').select(['id', 'status']).where('id', 'in', ids).execute();
  const refs = new Map((await findLicencesByReferences(ctx.db, lines.filter((l) => l.auth_kind === 'individual' && l.auth_reference).map((l) => l.auth_reference!))).map((l) => [l.id, l.reference]));
  for (const r of results) {
    if (r.outcome !== 'duplicate') continue;
    r.status = decls.find((d) => d.id === r.id)?.status ?? r.status;
    r.lines = presentStored({ id: r.id!, reference: r.reference, status: r.status }, lines.filter((l) => l.declaration_id === r.id), refs);
  }
}

/** Checks and stores declarations (already validated). Retries a chunk that lost a race (unique reference or usage). */
export async function ingestDeclarations(ctx: Ctx, decls: DeclarationInput[], o: IngestOptions): Promise<DeclarationResult[]> {
  const screener = o.screener ?? new PartyScreener(ctx);
  const hs = o.hs ?? (await hsCorrelation(ctx));
  const refs = decls.flatMap((d) => d.items.filter((i) => i.authorisation?.kind === 'individual').map((i) => i.authorisation!.reference));
  const screenings = await Promise.all(
    decls.map((d) => Promise.all([screener.screen(d.exporter.name, d.exporter.country), screener.screen(d.consignee.name, d.consignee.country), ...(d.endUser ? [screener.screen(d.endUser.name, d.endUser.country)] : [])])),
  );
  for (let attempt = 1; ; attempt++) {
    const licences = new Map((await findLicencesByReferences(ctx.db, refs)).map((l) => [l.reference.toUpperCase(), l]));
    try {
      const results = await chunk(ctx, decls.map((d) => structuredClone(d)), o, licences, screenings, hs);
      await fillDuplicates(ctx, results);
      return results;
    } catch (e) {
      const unique = /unique|duplicate key/i.test((e as Error).message);
      if (attempt >= 3 || !(e instanceof UsageRace || unique)) throw e;
    }
  }
}
