import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { calculatePenalty } from './penalties/calculate.js';

const DAY = 86_400_000;
let t: TestApp;
let clock: FixedClock;
let officer: TestUser;
let senior: TestUser;

beforeAll(async () => {
  clock = new FixedClock(new Date('2026-12-07T10:00:00Z'));
  t = await createTestApp({ clock });
  officer = await t.user('enforcement_officer');
  senior = await t.user('senior_officer');
});
afterAll(async () => t?.close());

describe('penalty guidance', () => {
  it('walks the BIS matrix step by step, each step cited', () => {
    const c = calculatePenalty({ pack: 'us-bis', version: '2016-07-22', transactionValue: 400_000, egregious: false, voluntarySelfDisclosure: true, factors: ['remedial_response', 'willful_or_reckless'] });
    expect(c.steps.map((s) => s.step)).toEqual(['statutory maximum', 'egregiousness', 'voluntary self-disclosure', 'base penalty', 'aggravating factor', 'mitigating factor', 'result']);
    for (const s of c.steps) expect(s.citation).toMatch(/Part 766|U\.S\.C\./);
    // Half of 400,000 = 200,000, capped at 125,000 in the 2016 text; −15% +25% = 137,500.
    expect(c.steps[3]).toMatchObject({ amount: 125_000, explanation: expect.stringContaining('capped') });
    expect(c.penalty).toBe(137_500);
    // The 2024 version removed the cap: 200,000 × 1.10.
    expect(calculatePenalty({ pack: 'us-bis', transactionValue: 400_000, egregious: false, voluntarySelfDisclosure: true, factors: ['remedial_response', 'willful_or_reckless'] })).toMatchObject({ version: '2024-09-16', penalty: 220_000 });
  });

  it('uses the statutory maximum for egregious cases and never exceeds it', () => {
    const half = calculatePenalty({ pack: 'us-bis', transactionValue: 1_000_000, egregious: true, voluntarySelfDisclosure: true });
    expect(half.steps.find((s) => s.step === 'base penalty')!.amount).toBe(1_000_000); // max(374,474, 2 × 1,000,000) / 2
    const full = calculatePenalty({ pack: 'us-bis', transactionValue: 1_000_000, egregious: true, voluntarySelfDisclosure: false, factors: ['willful_or_reckless', 'harm_to_program'] });
    expect(full.penalty).toBe(2_000_000);
    expect(full.steps.at(-1)!.explanation).toMatch(/limited to it/);
  });

  it('plugs in a national regime: German AWG/OWiG', () => {
    const disclosed = calculatePenalty({ pack: 'de-awg', transactionValue: 50_000, intent: 'negligent', voluntarySelfDisclosure: true });
    expect(disclosed).toMatchObject({ penalty: 0, currency: 'EUR' });
    expect(disclosed.steps[0]!.citation).toMatch(/AWG § 22\(4\)/);
    const negligent = calculatePenalty({ pack: 'de-awg', transactionValue: 50_000, intent: 'negligent', offence: 'serious', gravity: 'medium' });
    expect(negligent.penalty).toBe(75_000); // 500,000 / 2 × 30%
    const benefit = calculatePenalty({ pack: 'de-awg', transactionValue: 50_000, intent: 'intentional', offence: 'other', gravity: 'low', economicBenefit: 40_000 });
    expect(benefit.penalty).toBe(44_000);
  });

  it('answers bad input with the field and the reason', async () => {
    const res = await t.as(officer).post('/api/enforcement/penalties/calculate', { pack: 'us-bis', transactionValue: 1000, egregious: false, voluntarySelfDisclosure: false, factors: ['bribery'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.factors).toMatch(/bribery/);
    expect((await t.as(officer).post('/api/enforcement/penalties/calculate', { pack: 'us-bis', transactionValue: 1000 })).json().error.fields.egregious).toBeTruthy();
    expect((await t.as(officer).post('/api/enforcement/penalties/calculate', { pack: 'us-bis', version: '1999-01-01', transactionValue: 1000, egregious: false, voluntarySelfDisclosure: false })).json().error.fields.version).toBeTruthy();
    expect((await t.as(await t.user('exporter')).post('/api/enforcement/penalties/calculate', { pack: 'us-bis', transactionValue: 1 })).statusCode).toBe(403);
  });
});

describe('due process', () => {
  it('takes a case from notice of charges to a published anonymised summary, each step dated and audited', async () => {
    const inv = (await t.as(officer).post('/api/enforcement/investigations', { title: 'Acme thermal cameras', summary: 'Unlicensed export of thermal cameras.' })).json();
    const charged = await t.as(officer).post(`/api/enforcement/investigations/${inv.id}/proceedings`, {
      respondent: 'Acme Optics Ltd',
      charges: 'Exported 12 thermal cameras (6A003) without a licence in 2026.',
      calculation: { pack: 'us-bis', transactionValue: 60_000, egregious: false, voluntarySelfDisclosure: false, factors: ['first_violation'] },
    });
    expect(charged.statusCode, charged.body).toBe(201);
    const p = charged.json();
    expect([p.status, p.proposedPenalty, p.responseDueOn]).toEqual(['charged', 60_000, '2027-01-06']);
    const base = `/api/enforcement/proceedings/${p.id}`;
    // A decision before the respondent answered or the period ended is refused, with the date.
    expect((await t.as(senior).post(`${base}/decision`, { decision: 'upheld', reasons: 'The export happened as charged.' })).json().error.message).toMatch(/2027-01-06/);
    expect((await t.as(officer).post(`${base}/response`, { response: 'We admit the shipment; the classification was a mistake.' })).json().status).toBe('responded');
    expect((await t.as(officer).post(`${base}/hearing`, { hearingOn: '2026-12-20' })).json().hearingOn).toBe('2026-12-20');
    expect((await t.as(officer).post(`${base}/decision`, { decision: 'upheld', reasons: 'x'.repeat(12) })).statusCode).toBe(403);
    clock.advance(14 * DAY);
    const decided = (await t.as(senior).post(`${base}/decision`, { decision: 'reduced', reasons: 'Admitted early; compliance programme since improved.', finalPenalty: 45_000 })).json();
    expect([decided.status, decided.finalPenalty, decided.decidedAt.slice(0, 10)]).toEqual(['decided', 45_000, '2026-12-21']);
    expect((await t.as(officer).post(`${base}/publish`, { publicSummary: 'An exporter of imaging equipment paid a reduced penalty for shipping thermal cameras without a licence.' })).statusCode).toBe(409);
    expect((await t.as(officer).post(`${base}/appeal`, { grounds: 'The penalty ignores the voluntary correction.' })).json().status).toBe('appealed');
    expect((await t.as(senior).post(`${base}/appeal-decision`, { outcome: 'dismissed', reasons: 'The correction was already weighed.' })).json().finalPenalty).toBe(45_000);

    const named = await t.as(officer).post(`${base}/publish`, { publicSummary: 'ACME optics paid a penalty for shipping thermal cameras without a licence.' });
    expect(named.statusCode).toBe(422);
    expect(named.json().error.fields.publicSummary).toMatch(/acme/);
    const published = await t.as(officer).post(`${base}/publish`, { publicSummary: 'An exporter of imaging equipment paid a reduced penalty for shipping thermal cameras without a licence.' });
    expect(published.json().status).toBe('published');
    expect((await t.as(senior).get('/api/enforcement/proceedings?status=published')).json().proceedings.map((x: { id: string }) => x.id)).toEqual([p.id]);
    // Another agency never sees it (refused outright, or an empty list, depending on the platform's partner-agency rule).
    const other = await t.as(await t.user('enforcement_officer', { org: 'Other Agency', orgKind: 'partner_agency' })).get('/api/enforcement/proceedings');
    expect([200, 403]).toContain(other.statusCode);
    expect(other.json().proceedings ?? []).toEqual([]);
    const portal = (await t.as(null).get('/api/public/enforcement-summaries')).json().summaries;
    expect(portal).toEqual([expect.objectContaining({ penalty: 45_000, currency: 'USD', appealed: true, guidance: 'us-bis@2024-09-16' })]);
    expect(JSON.stringify(portal)).not.toMatch(/Acme|INV-|thermal cameras \(6A003\)/);
    const audit = await t.deps.db.selectFrom('audit_events').select(['action', 'occurred_at']).where('subject_id', '=', p.id).orderBy('seq').execute();
    expect(audit.map((e) => e.action)).toEqual([
      'enforcement.notice_of_charges', 'enforcement.proceeding_response', 'enforcement.proceeding_hearing', 'enforcement.proceeding_decision',
      'enforcement.proceeding_appeal', 'enforcement.proceeding_appeal_decision', 'enforcement.proceeding_publish',
    ]);
  });
});
