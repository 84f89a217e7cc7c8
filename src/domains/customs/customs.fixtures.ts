/** Test fixtures: licences issued through licensing's real API, and declarations in the issue's shape. */
import type { TestApp, TestUser } from '../../../test/helpers/app.js';
import { seedPacks } from '../determination/determination.service.js';
import { seedControls } from '../controls/controls.import.js';

type Res = { statusCode: number; body: string; json(): any };
export const ok = async (p: Promise<Res>) => {
  const r = await p;
  if (r.statusCode >= 300) throw new Error(`fixture step failed: ${r.statusCode} ${r.body}`);
  return r.json();
};

export interface Officers {
  officer: TestUser;
  senior: TestUser;
  adviser: TestUser;
}

/** Determination checks control codes against the control lists, so those are loaded with the UK pack. */
export async function seedReference(t: Pick<TestApp, 'deps'>) {
  await seedControls(t.deps, ['eu', 'uk']);
  await seedPacks(t.deps, ['uk']);
}

export async function officers(t: TestApp): Promise<Officers> {
  await seedReference(t);
  return { officer: await t.user('licensing_officer'), senior: await t.user('senior_officer'), adviser: await t.user('adviser') };
}

export interface LicenceSpec {
  destination?: string;
  goods?: { description: string; rating: string; quantity: number; unit: string; value: number; currency: string }[];
  consignee?: { name: string; country: string };
  endUser?: { name: string; country: string };
}

/** Applies, refers, advises, countersigns and approves: returns the issued licence as GET /api/licences/{id} shows it. */
export async function issueLicence(t: TestApp, exporter: TestUser, o: Officers, spec: LicenceSpec = {}) {
  const destination = spec.destination ?? 'AU';
  const body = {
    destination,
    endUse: 'Integration into coastal surveillance radars for a civil port authority',
    declarations: { militaryEndUse: false, accepted: true },
    goods: spec.goods ?? [{ description: 'Marine radar transceiver', rating: '6A008', quantity: 10, unit: 'items', value: 10000, currency: 'GBP' }],
    parties: [
      { role: 'consignee', name: spec.consignee?.name ?? 'Wallaby Harbour Systems Pty', address: '1 Dock Road, Sydney', country: spec.consignee?.country ?? destination },
      { role: 'end_user', name: spec.endUser?.name ?? 'Port Kembla Authority', address: '2 Pier Road, Wollongong', country: spec.endUser?.country ?? destination },
    ],
  };
  const ex = t.as(exporter);
  const id = (await ok(ex.post('/api/applications', body))).id as string;
  await ok(ex.post(`/api/applications/${id}/submit`));
  const officer = t.as(o.officer);
  // A blocking flag the engine raised (e.g. determination unavailable) is cleared as an officer would after checking.
  const flags = await t.deps.db.selectFrom('lic_flags').select('id').where('application_id', '=', id).where('blocking', '=', 1).where('cleared_at', 'is', null).execute();
  for (const f of flags) await ok(officer.post(`/api/cases/${id}/flags/${f.id}/clear`, { reason: 'Goods determined manually for the customs fixture' }));
  await ok(officer.post(`/api/cases/${id}/referrals`, { team: 'defence' }));
  await ok(t.as(o.adviser).post(`/api/cases/${id}/advice`, { decision: 'approve', rationale: 'fixture' }));
  await ok(officer.post(`/api/cases/${id}/advice`, { decision: 'approve', rationale: 'fixture' }));
  await ok(t.as(o.senior).post(`/api/cases/${id}/countersign`, {}));
  const d = await ok(officer.post(`/api/cases/${id}/decision`, { outcome: 'approved', rationale: 'fixture decision', departureReason: 'fixture' }));
  return ok(officer.get(`/api/licences/${d.licenceId}`));
}

let n = 0;
/** A declaration in the issue's shape drawing on a licence (override anything). */
export function declaration(over: Record<string, unknown> & { items?: Record<string, unknown>[] } = {}, item: Record<string, unknown> = {}) {
  n++;
  return {
    reference: `DEC-${Date.now().toString(36)}-${n}`,
    date: '2026-03-10',
    procedure: 'export',
    customsOffice: 'GB000060',
    declarant: { name: 'Fixture Freight Forwarding', country: 'GB', eori: 'GB123456789000' },
    exporter: { name: 'Exporter A Ltd', country: 'GB' },
    consignee: { name: 'Wallaby Harbour Systems Pty', country: 'AU', address: '1 Dock Road, Sydney' },
    endUser: { name: 'Port Kembla Authority', country: 'AU' },
    destination: 'AU',
    dispatchCountry: 'GB',
    transit: [],
    items: [{ line: 1, hsCode: '852691', description: 'Marine radar transceiver', controlCode: '6A008', quantity: 3, unit: 'items', value: 3000, currency: 'GBP', ...item }],
    ...over,
  };
}
