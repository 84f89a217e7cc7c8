/**
 * The checks one declaration line goes through, as a pure function of what was loaded for it (licences, general-licence
 * terms and registrations, party screening, HS correlation). Usage is applied afterwards, under a lock (ingest.ts).
 * Rejected: the line can never be released (unknown or wrong licence, revoked, expired…). Held: a customs officer decides.
 */
import type { DeclarationInput, ItemInput } from './customs.schema.js';
import type { HsCorrelation, LicenceSnapshot, PartyScreening } from './ports.js';

export interface Reason {
  code: string;
  message: string;
}
export type LineStatus = 'released' | 'held' | 'rejected';

export interface GlTerms {
  id: string;
  name: string;
  destinations: string[];
  itemScope: string;
  itemCodes: string[];
  itemGroups: string[];
  excluded: string[];
  listsComplete: boolean;
  registrationTiming: 'before_first_use' | 'after_first_use';
  registrationDeadlineDays: number;
}

export interface RegistrationState {
  status: string; // registered | pending | suspended
  registerBy: string | null;
  /** Opened by this ingest (first use of an after-first-use general licence): to be stored. */
  isNew?: boolean;
  firstUse?: string;
}

export interface PartyCheck {
  role: string;
  name: string;
  screening: PartyScreening;
}

export interface CheckEnv {
  organisationId: string | null;
  date: string;
  licences: Map<string, LicenceSnapshot>;
  gls: Map<string, GlTerms>;
  registrations: Map<string, RegistrationState>;
  parties: PartyCheck[];
  hs: HsCorrelation;
}

export interface LineVerdict {
  status: LineStatus;
  reasons: Reason[];
  licenceId: string | null;
  licenceGoodId: string | null;
  generalLicenceId: string | null;
  /** First use of a general licence registered after first use: a pending registration must be opened. */
  openPendingRegistration: boolean;
}

/** Codes compare case-insensitively (5A001.c = 5a001.C); messages show them as declared. */
export const normCode = (c: string) => c.trim().toLowerCase().replace(/\s+/g, '');
/** `code` is `parent` or one of its sub-items (5A002.a.1 is under 5A002). */
export const isUnder = (code: string, parent: string) => code === parent || code.startsWith(`${parent}.`);
const normName = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\b(ltd|limited|llc|inc|gmbh|ag|sa|s\.a\.|plc|pty|co|corp|corporation|company|kk|bv|srl|spa)\b\.?/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
export const sameParty = (a: string, b: string) => {
  const x = normName(a);
  const y = normName(b);
  return x.length > 0 && (x === y || (x.length >= 6 && y.includes(x)) || (y.length >= 6 && x.includes(y)));
};

const r = (code: string, message: string): Reason => ({ code, message });

function screeningReasons(env: CheckEnv): Reason[] {
  const out: Reason[] = [];
  for (const p of env.parties) {
    if (!p.screening.screened) out.push(r('screening_unavailable', `The ${p.role} "${p.name}" could not be screened (no restricted-party list is loaded); it is not cleared`));
    else if (p.screening.hits.length) {
      const best = p.screening.hits[0]!;
      out.push(r('party_screening_hit', `The ${p.role} "${p.name}" matches "${best.name}" on ${best.source}${best.list ? ` (${best.list})` : ''}, score ${best.score.toFixed(2)}`));
    }
  }
  return out;
}

function individual(decl: DeclarationInput, item: ItemInput, ref: string, env: CheckEnv, v: LineVerdict) {
  const lic = env.licences.get(ref.toUpperCase());
  if (!lic) return void v.reasons.push(r('licence_unknown', `No licence has the reference ${ref}`));
  // Another holder's licence answers exactly like an unknown one, so references of other exporters do not leak.
  if (env.organisationId && lic.organisationId !== env.organisationId) return void v.reasons.push(r('licence_unknown', `No licence has the reference ${ref}`));
  v.licenceId = lic.id;
  if (lic.status === 'revoked' || lic.status === 'surrendered') return void v.reasons.push(r(`licence_${lic.status}`, `Licence ${lic.reference} was ${lic.status}`));
  if (lic.status === 'expired' || env.date > lic.validTo) return void v.reasons.push(r('licence_expired', `Licence ${lic.reference} was valid until ${lic.validTo}`));
  if (env.date < lic.validFrom) return void v.reasons.push(r('licence_not_yet_valid', `Licence ${lic.reference} is valid from ${lic.validFrom}`));
  const held: Reason[] = [];
  if (lic.status === 'suspended') held.push(r('licence_suspended', `Licence ${lic.reference} is suspended`));
  if (lic.status === 'exhausted') held.push(r('licence_exhausted', `Licence ${lic.reference} is exhausted`));
  if (lic.destination && lic.destination !== decl.destination) held.push(r('destination_not_on_licence', `The licence is for ${lic.destination}, the declaration for ${decl.destination}`));
  const consignees = lic.parties.filter((p) => p.role === 'consignee');
  if (!consignees.some((p) => sameParty(p.name, decl.consignee.name) && p.country === decl.consignee.country))
    held.push(r('consignee_not_on_licence', `The consignee "${decl.consignee.name}" (${decl.consignee.country}) is not named on licence ${lic.reference}`));
  const endUsers = lic.parties.filter((p) => p.role === 'end_user');
  if (decl.endUser && endUsers.length && !endUsers.some((p) => sameParty(p.name, decl.endUser!.name) && p.country === decl.endUser!.country))
    held.push(r('end_user_not_on_licence', `The end user "${decl.endUser.name}" is not named on licence ${lic.reference}`));
  // Which licensed good does this line draw on?
  let good = null as LicenceSnapshot['goods'][number] | null;
  if (item.controlCode) {
    const code = normCode(item.controlCode);
    const matches = lic.goods.filter((g) => g.rating && isUnder(code, normCode(g.rating)));
    good = matches.find((g) => g.unit.toLowerCase() === item.unit.toLowerCase() && g.currency === item.currency) ?? matches[0] ?? null;
    if (!good) held.push(r('control_code_not_on_licence', `Control code ${item.controlCode} is not on licence ${lic.reference} (licensed: ${lic.goods.map((g) => g.rating ?? 'unrated').join(', ')})`));
  } else if (lic.goods.length === 1) good = lic.goods[0]!;
  else held.push(r('control_code_required', `Licence ${lic.reference} has ${lic.goods.length} goods; the line must give its control code`));
  if (good) {
    v.licenceGoodId = good.id;
    if (good.unit.toLowerCase() !== item.unit.toLowerCase()) held.push(r('unit_mismatch', `The licence counts ${good.unit}, the line ${item.unit}`));
    if (good.currency !== item.currency) held.push(r('currency_mismatch', `The licence values are in ${good.currency}, the line in ${item.currency}`));
  }
  v.reasons.push(...held);
}

function general(decl: DeclarationInput, item: ItemInput, ref: string, env: CheckEnv, v: LineVerdict) {
  const gl = env.gls.get(ref.toUpperCase());
  if (!gl) return void v.reasons.push(r('general_licence_unknown', `${ref} is not a general licence customs knows`));
  v.generalLicenceId = gl.id;
  if (!env.organisationId) v.reasons.push(r('exporter_unidentified', 'The exporting organisation is not known, so its registration cannot be checked'));
  else {
    const reg = env.registrations.get(gl.id);
    if (reg?.status === 'suspended') v.reasons.push(r('general_licence_registration_suspended', `The exporter's registration for ${gl.id} is suspended`));
    else if (!reg && gl.registrationTiming === 'before_first_use') v.reasons.push(r('general_licence_not_registered', `${gl.id} must be registered before first use; the exporter has not registered`));
    else if (reg?.status === 'pending' && reg.registerBy && env.date > reg.registerBy) v.reasons.push(r('general_licence_registration_overdue', `${gl.id} had to be registered by ${reg.registerBy} after first use`));
    else if (!reg) v.openPendingRegistration = true;
  }
  if (!gl.destinations.includes(decl.destination)) v.reasons.push(r('general_licence_destination', `${gl.id} does not cover exports to ${decl.destination}`));
  if (!item.controlCode) return void v.reasons.push(r('control_code_required', `A line under ${gl.id} must give its control code`));
  const code = normCode(item.controlCode);
  const group = code[2]?.toUpperCase();
  const excludedBy = gl.excluded.find((x) => (x === 'GROUP_D_ALL' ? group === 'D' : x === 'GROUP_E_ALL' ? group === 'E' : isUnder(code, normCode(x)) || isUnder(normCode(x), code)));
  if (excludedBy) v.reasons.push(r('general_licence_item_excluded', `${item.controlCode} is excluded from ${gl.id} (${excludedBy})`));
  const annexI = /^\d[a-e]\d{3}/.test(code);
  const covered =
    gl.itemScope === 'all_listed' ? annexI : gl.itemScope === 'groups' ? annexI && gl.itemGroups.includes(group!) : gl.itemCodes.some((c) => isUnder(code, normCode(c)));
  if (!excludedBy && !covered) v.reasons.push(r('general_licence_item_not_covered', `${item.controlCode} is not among the items ${gl.id} covers`));
  if (!gl.listsComplete) v.reasons.push(r('general_licence_unverifiable', `The item or exclusion list of ${gl.id} is incomplete in the source; customs cannot confirm the line is covered`));
}

/** Runs every check on one line (no usage yet). */
export function checkLine(decl: DeclarationInput, item: ItemInput, env: CheckEnv): LineVerdict {
  const v: LineVerdict = { status: 'released', reasons: [], licenceId: null, licenceGoodId: null, generalLicenceId: null, openPendingRegistration: false };
  const auth = item.authorisation;
  if (auth?.kind === 'individual') individual(decl, item, auth.reference, env, v);
  else if (auth?.kind === 'general') general(decl, item, auth.reference, env, v);
  else if (!env.hs.loaded) v.reasons.push(r('dual_use_unchecked', `No HS ↔ control-code correlation is loaded, so customs cannot tell whether HS ${item.hsCode} is a dual-use item; declared without authorisation`));
  else {
    const codes = env.hs.codesFor(item.hsCode);
    if (codes.length) v.reasons.push(r('controlled_hs_without_authorisation', `HS ${item.hsCode.slice(0, 6)} corresponds to controlled entries ${codes.join(', ')}; no authorisation was declared`));
  }
  const rejecting = ['licence_unknown', 'licence_revoked', 'licence_surrendered', 'licence_expired', 'licence_not_yet_valid', 'general_licence_unknown'];
  if (v.reasons.some((x) => rejecting.includes(x.code))) v.status = 'rejected';
  else {
    v.reasons.push(...screeningReasons(env));
    if (v.reasons.length) v.status = 'held';
  }
  if (v.status !== 'released') v.openPendingRegistration = false;
  return v;
}
