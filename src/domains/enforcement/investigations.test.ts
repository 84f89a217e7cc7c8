import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { partyKey } from './deconfliction.js';

let t: TestApp;
let officer: TestUser;
let otherTeam: TestUser;
let agency: TestUser;
let oversight: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  officer = await t.user('enforcement_officer', { team: 'north' });
  otherTeam = await t.user('enforcement_officer', { team: 'south' });
  agency = await t.user('enforcement_officer', { org: 'Border Intelligence Agency', orgKind: 'partner_agency' });
  oversight = await t.user('oversight');
});
afterAll(async () => t?.close());

const open = async (u: TestUser, title: string) => {
  const res = await t.as(u).post('/api/enforcement/investigations', { title, summary: `Suspected diversion: ${title}`, contact: `${u.email}, desk 4` });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

describe('investigations', () => {
  it('normalises party names for matching', () => {
    expect(partyKey('Northwind Traders GmbH')).toBe(partyKey('NORTHWIND-TRADERS'));
    expect(partyKey('Société Générale S.A.')).toBe(partyKey('societe generale'));
    expect(partyKey('Northwind Traders')).not.toBe(partyKey('Northwind Logistics'));
  });

  it('tells both sides of an overlap only who holds the other investigation and whom to contact', async () => {
    const mine = await open(officer, 'Northwind night-vision tubes');
    const theirs = await open(agency, 'Operation Lantern');
    const internal = await open(otherTeam, 'South desk review');
    await t.as(agency).post(`/api/enforcement/investigations/${theirs.id}/links`, { kind: 'party', ref: 'NORTHWIND TRADERS LTD', note: 'Agency source 17 says shipments go via Dubai' });
    await t.as(otherTeam).post(`/api/enforcement/investigations/${internal.id}/links`, { kind: 'party', ref: 'Unrelated Widgets' });
    const linked = await t.as(officer).post(`/api/enforcement/investigations/${mine.id}/links`, { kind: 'party', ref: 'Northwind Traders GmbH' });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().newOverlaps).toBe(1);

    const mineView = (await t.as(officer).get(`/api/enforcement/investigations/${mine.id}`)).json();
    expect(mineView.overlaps).toEqual([{ id: expect.any(String), party: 'Northwind Traders GmbH', heldBy: 'Border Intelligence Agency', contact: `${agency.email}, desk 4`, since: expect.any(String) }]);
    const theirView = (await t.as(agency).get(`/api/enforcement/investigations/${theirs.id}`)).json();
    expect(theirView.overlaps).toEqual([expect.objectContaining({ party: 'NORTHWIND TRADERS LTD', heldBy: 'Authority (north team)', contact: `${officer.email}, desk 4` })]);
    // Nothing else crosses: neither side's reference, title, notes or wording of the party.
    for (const [view, other] of [[mineView, theirs], [theirView, mine]]) {
      const s = JSON.stringify(view.overlaps);
      for (const leak of [other.reference, other.title, other.id, 'source 17', 'Dubai']) expect(s).not.toContain(leak);
    }
    expect((await t.as(agency).get(`/api/enforcement/investigations/${mine.id}`)).statusCode).toBe(404);
    // A partner agency works its own investigations but cannot take up the authority's hotline reports.
    expect((await t.as(agency).post(`/api/enforcement/investigations/${theirs.id}/links`, { kind: 'concern', ref: 'any' })).statusCode).toBe(403);
    expect((await t.as(agency).get('/api/enforcement/concerns')).statusCode).toBe(403);
    expect((await t.as(otherTeam).get(`/api/enforcement/investigations/${mine.id}`)).statusCode).toBe(404);
    expect((await t.as(officer).get('/api/enforcement/investigations')).json().investigations.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect((await t.as(oversight).get(`/api/enforcement/investigations/${mine.id}`)).statusCode).toBe(200);

    // The same team naming the same party is no overlap (only the agency's counts); a closed investigation no longer overlaps.
    const again = await open(officer, 'Northwind follow-up');
    expect((await t.as(officer).post(`/api/enforcement/investigations/${again.id}/links`, { kind: 'party', ref: 'Northwind Traders' })).json().investigation.overlaps.map((o: { heldBy: string }) => o.heldBy)).toEqual(['Border Intelligence Agency']);
    await t.as(agency).post(`/api/enforcement/investigations/${theirs.id}/status`, { status: 'closed', outcome: 'no_violation', reason: 'Source withdrew' });
    const late = await open(otherTeam, 'South Northwind');
    expect((await t.as(otherTeam).post(`/api/enforcement/investigations/${late.id}/links`, { kind: 'party', ref: 'Northwind Traders' })).json().newOverlaps).toBe(2);
  });

  it('keeps tasks, notes, links, evidence with SHA-256 and a chain of custody, and closes with an outcome', async () => {
    const inv = await open(officer, 'Evidence handling');
    const base = `/api/enforcement/investigations/${inv.id}`;
    const concern = (await t.as(null).post('/api/public/concerns', { category: 'other', description: 'A report to be linked to an investigation.' })).json();
    const concernId = (await t.deps.db.selectFrom('enforcement_concerns').select('id').where('receipt', '=', concern.receipt).executeTakeFirstOrThrow()).id;
    expect((await t.as(officer).post(`${base}/links`, { kind: 'concern', ref: concernId })).statusCode).toBe(201);
    expect((await t.as(officer).post(`${base}/links`, { kind: 'licence', ref: 'GB-SIEL-2026-000123' })).statusCode).toBe(201);
    expect((await t.as(officer).post(`${base}/links`, { kind: 'licence', ref: 'GB-SIEL-2026-000123' })).statusCode).toBe(409);
    const task = (await t.as(officer).post(`${base}/tasks`, { title: 'Request shipping records', dueOn: '2026-12-20' })).json().tasks[0];
    expect((await t.as(officer).post(`${base}/tasks/${task.id}/done`)).json().tasks[0].status).toBe('done');
    await t.as(officer).post(`${base}/notes`, { body: 'Forwarder confirmed two shipments.' });
    const sha = 'a'.repeat(64);
    const ev = (await t.as(officer).post(`${base}/evidence`, { description: 'Seized laptop image', custodian: 'Evidence store A', sha256: sha })).json().evidence[0];
    expect((await t.as(officer).post(`${base}/evidence/${ev.id}/custody`, { action: 'transferred' })).json().error.fields.toCustodian).toBeTruthy();
    await t.as(officer).post(`${base}/evidence/${ev.id}/custody`, { action: 'transferred', toCustodian: 'Forensic lab', sha256Checked: sha });
    const view = (await t.as(officer).post(`${base}/evidence/${ev.id}/custody`, { action: 'examined', sha256Checked: 'b'.repeat(64) })).json();
    expect(view.evidence[0].custody.map((c: { action: string; to: string; hashMatches: boolean | null }) => [c.action, c.to, c.hashMatches])).toEqual([
      ['collected', 'Evidence store A', true],
      ['transferred', 'Forensic lab', true],
      ['examined', 'Forensic lab', false],
    ]);
    expect(view.links.map((l: { kind: string }) => l.kind)).toEqual(['concern', 'licence']);
    expect((await t.deps.db.selectFrom('enforcement_concerns').select('investigation_id').where('id', '=', concernId).executeTakeFirstOrThrow()).investigation_id).toBe(inv.id);

    expect((await t.as(officer).post(`${base}/status`, { status: 'closed', reason: 'done' })).json().error.fields.outcome).toBeTruthy();
    const closed = (await t.as(officer).post(`${base}/status`, { status: 'closed', outcome: 'warning', reason: 'First offence, records fixed' })).json();
    expect([closed.status, closed.outcome]).toEqual(['closed', 'warning']);
    expect((await t.as(officer).post(`${base}/notes`, { body: 'late' })).statusCode).toBe(409);
    const audit = await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', inv.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'enforcement.investigation_opened', 'enforcement.link_added', 'enforcement.link_added', 'enforcement.task_added', 'enforcement.task_done', 'enforcement.note_added',
      'enforcement.evidence_added', 'enforcement.custody_step', 'enforcement.custody_step', 'enforcement.investigation_status',
    ]);
  });
});
