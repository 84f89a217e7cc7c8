/**
 * Read side of licensing for the verification domain (end-use checks). Verification calls these typed functions and
 * never names licensing's tables. Callers check who is asking; these functions do not.
 */
import { sql, type Executor } from '../../platform/db/index.js';
import { normaliseName } from './licensing.repository.js';

export interface VerificationParty {
  id: string;
  applicationId: string;
  role: string;
  name: string;
  country: string;
  address: string;
}

export interface VerificationApplication {
  id: string;
  reference: string | null;
  status: string;
  destination: string | null;
  organisationId: string;
  openCase: boolean;
}

/** Names compare as licensing's denial matching does (ASCII-folded, punctuation and company suffixes dropped). */
export const normalisePartyName = (s: string) => normaliseName(s);

export async function findParty(db: Executor, partyId: string): Promise<VerificationParty | null> {
  const p = await db.selectFrom('lic_parties').select(['id', 'application_id', 'role', 'name', 'country', 'address']).where('id', '=', partyId).executeTakeFirst();
  return p ? { id: p.id, applicationId: p.application_id, role: p.role, name: p.name, country: p.country, address: p.address } : null;
}

export async function findApplication(db: Executor, id: string): Promise<VerificationApplication | null> {
  const a = await db.selectFrom('lic_applications').select(['id', 'reference', 'status', 'destination', 'organisation_id', 'open_case']).where('id', '=', id).executeTakeFirst();
  return a ? { id: a.id, reference: a.reference, status: a.status, destination: a.destination, organisationId: a.organisation_id, openCase: Number(a.open_case) === 1 } : null;
}

/** The application a licence was issued on. */
export async function applicationOfLicence(db: Executor, licenceId: string): Promise<string | null> {
  const l = await db.selectFrom('lic_licences').select('application_id').where('id', '=', licenceId).executeTakeFirst();
  return l?.application_id ?? null;
}

/** Parties (on any application) whose normalised name and country are these. */
async function partiesNamed(db: Executor, name: string, country: string) {
  const want = normalisePartyName(name);
  const rows = await db.selectFrom('lic_parties').select(['id', 'application_id', 'name', 'country', 'role']).where(sql<string>`upper(country)`, '=', country.toUpperCase()).execute();
  return rows.filter((r) => normalisePartyName(r.name) === want);
}

/** Open cases (under consideration) that name the party. */
export async function openCasesNamingParty(db: Executor, name: string, country: string): Promise<Array<{ applicationId: string; reference: string | null }>> {
  const ids = [...new Set((await partiesNamed(db, name, country)).map((p) => p.application_id))];
  if (!ids.length) return [];
  const apps = await db.selectFrom('lic_applications').select(['id', 'reference']).where('id', 'in', ids).where('open_case', '=', 1).execute();
  return apps.map((a) => ({ applicationId: a.id, reference: a.reference }));
}

export interface PartyLicensingRecord {
  applications: Array<{ id: string; reference: string | null; status: string; outcome: string | null; role: string; decidedAt: string | null }>;
  licences: Array<{ id: string; reference: string; status: string; issuedAt: string }>;
  denials: Array<{ id: string; source: string; reference: string | null; name: string; country: string | null; reason: string | null }>;
}

/** Everything licensing holds about a party (by normalised name and country): its cases, licences and denials. */
export async function partyLicensingRecord(db: Executor, name: string, country: string): Promise<PartyLicensingRecord> {
  const parties = await partiesNamed(db, name, country);
  const appIds = [...new Set(parties.map((p) => p.application_id))];
  const apps = appIds.length ? await db.selectFrom('lic_applications').select(['id', 'reference', 'status', 'outcome', 'decided_at']).where('id', 'in', appIds).where('status', '!=', 'draft').execute() : [];
  const licences = appIds.length ? await db.selectFrom('lic_licences').select(['id', 'reference', 'status', 'issued_at', 'application_id']).where('application_id', 'in', appIds).execute() : [];
  const denials = await db
    .selectFrom('lic_denials')
    .select(['id', 'source', 'reference', 'name', 'country', 'reason_for_refusal'])
    .where('normalised_name', '=', normalisePartyName(name))
    .where('active', '=', 1)
    .execute();
  const roleOf = new Map(parties.map((p) => [p.application_id, p.role]));
  return {
    applications: apps.map((a) => ({ id: a.id, reference: a.reference, status: a.status, outcome: a.outcome, role: roleOf.get(a.id) ?? '', decidedAt: a.decided_at })),
    licences: licences.map((l) => ({ id: l.id, reference: l.reference, status: l.status, issuedAt: l.issued_at })),
    denials: denials
      .filter((d) => !d.country || d.country.toUpperCase() === country.toUpperCase())
      .map((d) => ({ id: d.id, source: d.source, reference: d.reference, name: d.name, country: d.country, reason: d.reason_for_refusal })),
  };
}

export { findLicenceById, findLicencesByIds, type LicenceSnapshot } from './licences.port.js';
export { raiseFlagRow } from './applications.service.js';

/** The parties named on an application (end users first). */
export async function partiesOfApplication(db: Executor, applicationId: string): Promise<VerificationParty[]> {
  const rows = await db.selectFrom('lic_parties').select(['id', 'application_id', 'role', 'name', 'country', 'address']).where('application_id', '=', applicationId).orderBy('role').execute();
  return rows.map((p) => ({ id: p.id, applicationId: p.application_id, role: p.role, name: p.name, country: p.country, address: p.address }));
}

/** The party on this application with the same normalised name and country as `party` (the same party on another case). */
export async function samePartyOnApplication(db: Executor, applicationId: string, party: Pick<VerificationParty, 'name' | 'country'>): Promise<VerificationParty | null> {
  const want = normalisePartyName(party.name);
  const rows = await partiesOfApplication(db, applicationId);
  return rows.find((p) => p.country.toUpperCase() === party.country.toUpperCase() && normalisePartyName(p.name) === want) ?? null;
}
