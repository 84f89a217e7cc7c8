/** Stores generated declarations as customs stores them (bench only: the real ingest's checks would dominate the run). */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.js';
import { newId } from '../../src/platform/ids.js';
import type { DeclarationInput } from '../../src/domains/customs/customs.schema.js';
import type { LicenceSnapshot } from '../../src/domains/licensing/licences.port.js';
import { HS_BY_CATEGORY } from '../../src/domains/customs/demo.js';

const DESTS = ['AU', 'US', 'JP', 'CA', 'CH', 'NO', 'KR', 'SG', 'AE', 'IN', 'BR', 'ZA', 'TR', 'SA', 'IL', 'MY', 'NZ', 'MX'];
const RATINGS = ['5A002.a', '6A008.j', '3A001.a', '2B006.b', '1C010', '9A012.a', '4A003', '7A003', '8A002', '0B001', '5A001.f', '6A003.b'];

/** Synthetic active licences for the demo builder: one holder and consignee each, goods with real ratings. */
export function syntheticLicences(n: number): LicenceSnapshot[] {
  return Array.from({ length: n }, (_, i) => {
    const dest = DESTS[i % DESTS.length]!;
    const rating = RATINGS[(i * 7) % RATINGS.length]!;
    void HS_BY_CATEGORY;
    return {
      id: `lic-${i}`, reference: `GBSIEL/2025/${String(i).padStart(7, '0')}`, organisationId: `org-${i % 60}`, holder: `Bench Exporter ${i % 60} Ltd`, status: 'active', validFrom: '2025-01-01', validTo: '2027-12-31', destination: dest, transit: [], exportType: 'permanent', verificationCode: 'AAAAA-AAAAA',
      goods: [{ id: `g-${i}`, description: `Goods rated ${rating}`, rating, quantity: 100 + (i % 13) * 50, unit: 'items', value: 200_000 + (i % 17) * 25_000, currency: 'GBP', usedQuantity: 0, usedValue: 0 }],
      parties: [{ role: 'consignee', name: `Consignee ${dest} ${i}`, country: dest, address: `${i} Harbour Road, ${dest}` }],
    };
  });
}

export async function insertDeclarations(db: Kysely<DB>, decls: DeclarationInput[], o: { createdAt: string; screeningHit: Map<string, string> }) {
  const step = 250;
  for (let i = 0; i < decls.length; i += step * 40) {
    await db.transaction().execute(async (tx) => {
      for (let j = i; j < Math.min(decls.length, i + step * 40); j += step) {
        const part = decls.slice(j, j + step);
        const ids = part.map(() => newId());
        await tx.insertInto('customs_declarations').values(part.map((d, k) => ({
          id: ids[k]!, organisation_id: null, declarant_key: `${d.declarant.name.toLowerCase()}|${d.declarant.country}`, reference: d.reference, body_hash: '-', date: d.date, procedure: d.procedure, customs_office: d.customsOffice,
          declarant: JSON.stringify(d.declarant), exporter: JSON.stringify(d.exporter), consignee: JSON.stringify(d.consignee), end_user: d.endUser ? JSON.stringify(d.endUser) : null, destination: d.destination, dispatch_country: d.dispatchCountry, transit: JSON.stringify(d.transit ?? []),
          status: 'active', released_lines: 1, held_lines: 0, rejected_lines: 0, batch_id: null, created_by: null, created_at: o.createdAt, cancelled_at: null, cancelled_by: null, cancel_reason: null,
        }))).execute();
        await tx.insertInto('customs_lines').values(part.flatMap((d, k) => d.items.map((it) => {
          const hit = o.screeningHit.get(d.reference);
          // As customs does: an unauthorised line with a control code is held (dual_use_unchecked); one declared with no
          // control code is taken as released (as if the loaded HS correlation did not cover its heading).
          const unchecked = !it.authorisation && !!it.controlCode;
          return {
            id: newId(), declaration_id: ids[k]!, organisation_id: null, line_no: it.line, hs_code: it.hsCode, description: it.description, control_code: it.controlCode ?? null, quantity: it.quantity, unit: it.unit, value: it.value, currency: it.currency,
            auth_kind: it.authorisation?.kind ?? null, auth_reference: it.authorisation?.reference ?? null, licence_id: null, licence_good_id: null, general_licence_id: null, destination: d.destination,
            status: hit || unchecked ? 'held' : 'released',
            reasons: JSON.stringify([...(hit ? [{ code: 'party_screening_hit', message: hit }] : []), ...(unchecked ? [{ code: 'dual_use_unchecked', message: 'No HS correlation is loaded' }] : [])]), consumed: 0, decided_by: null, decided_at: null, decision_reason: null, created_at: o.createdAt,
          };
        }))).execute();
      }
    });
  }
}
