import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { parse } from 'csv-parse/sync';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { withTx } from '../../platform/db/index.js';
import { insertCaseFacts, recordCaseFact, workingDaysBetween, classifyRating, type CaseFact } from './facts.js';
import { percentile } from './report.js';
import { seedTransparency } from './seed.js';

let t: TestApp;
let senior: TestUser, officer: TestUser, oversight: TestUser, exporter: TestUser, admin: TestUser;
const clock = new FixedClock(new Date('2026-02-10T09:00:00Z'));

/** 2025 facts with known totals: France 12 approved + 3 refused (criteria 7), Iran 4 refused (criteria 1,7), China 6 approved_with_provisos. */
function facts(): CaseFact[] {
  const out: CaseFact[] = [];
  let n = 0;
  const add = (dest: string, outcome: string, month: number, days: number, extra: Partial<CaseFact> = {}) => {
    n++;
    const m = String(month).padStart(2, '0');
    out.push({
      caseId: `case-${n}`,
      reference: `GBSIEL/2025/${String(n).padStart(7, '0')}`,
      caseType: 'siel',
      receivedAt: `2025-${m}-01T10:00:00Z`,
      decidedAt: `2025-${m}-20T10:00:00Z`,
      outcome,
      destination: dest,
      goods: [{ rating: 'ML10', value: 1000 }],
      processingDays: days,
      targetDays: 20,
      licenceType: outcome.startsWith('approved') ? 'individual' : null,
      licenceValue: outcome.startsWith('approved') ? 1000 : 0,
      ...extra,
    });
  };
  for (let i = 0; i < 12; i++) add('FR', 'approved', 1 + (i % 3), 5 + i, i < 2 ? { humanitarian: true } : {});
  for (let i = 0; i < 3; i++) add('FR', 'refused', 2, 30, { refusalCriteria: ['7'], goods: [{ rating: '1C350' }] });
  for (let i = 0; i < 4; i++) add('IR', 'refused', 5, 40 + i, { refusalCriteria: ['1', '7'], goods: [{ rating: 'End Use' }], appealLodgedAt: '2025-06-01', appealDecidedAt: '2025-07-01', appealOutcome: i === 0 ? 'overturned' : 'upheld' });
  for (let i = 0; i < 6; i++) add('CN', 'approved_with_provisos', 8, 10, { goods: [{ rating: '5A002', value: 10 }, { rating: 'ML11', value: 5 }], questionsCount: 1, clockStopDays: 3, research: i < 5 });
  // Received in 2025 but decided in 2026; and one decided 2024 (other periods).
  out.push({ caseId: 'open-1', caseType: 'siel', receivedAt: '2025-12-20', destination: 'DE', goods: [{ rating: 'ML1' }] });
  out.push({ caseId: 'old-1', caseType: 'siel', receivedAt: '2024-05-01', decidedAt: '2024-06-01', outcome: 'approved', destination: 'DE', processingDays: 22, targetDays: 20 });
  return out;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  senior = await t.user('senior_officer');
  officer = await t.user('licensing_officer');
  oversight = await t.user('oversight');
  exporter = await t.user('exporter');
  admin = await t.user('admin');
  await withTx(t.deps.db, (tx) => insertCaseFacts(tx, facts(), clock.now().toISOString()));
  await seedTransparency(t.deps);
});
afterAll(async () => t?.close());

describe('fact helpers', () => {
  it('counts working days Mon–Fri and skips holidays', () => {
    expect(workingDaysBetween('2025-01-03', '2025-01-10')).toBe(5); // Fri → Fri
    expect(workingDaysBetween('2025-01-04', '2025-01-06')).toBe(1); // Sat → Mon
    expect(workingDaysBetween('2025-01-03', '2025-01-10', new Set(['2025-01-06']))).toBe(4);
    expect(workingDaysBetween('2025-01-10', '2025-01-03')).toBe(0);
  });
  it('classifies ratings into category and regime', () => {
    expect(classifyRating('ML10')).toMatchObject({ category: 'military', regime: 'WA-ML' });
    expect(classifyRating('1C350')).toMatchObject({ category: 'dual_use', regime: 'AG' });
    expect(classifyRating('9A101')).toMatchObject({ category: 'dual_use', regime: 'MTCR' });
    expect(classifyRating('0B001')).toMatchObject({ category: 'dual_use', regime: 'WA' });
    expect(classifyRating('End Use')).toMatchObject({ category: 'catch_all' });
    expect(classifyRating('RUS')).toMatchObject({ category: 'sanctions' });
  });
  it('takes nearest-rank percentiles from a histogram', () => {
    const h = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => ({ days: d, n: 1 }));
    expect(percentile(h, 0.5)).toBe(5);
    expect(percentile(h, 0.9)).toBe(9);
    expect(percentile([], 0.5)).toBeNull();
  });
  it('upserts a fact, keeping fields not given and deriving processing days', async () => {
    await withTx(t.deps.db, async (tx) => {
      await recordCaseFact(tx, { caseId: 'upsert-1', caseType: 'siel', receivedAt: '2023-03-06T09:00:00Z', destination: 'US', goods: [{ rating: '9A101', value: 5 }], targetDays: 20 });
      await recordCaseFact(tx, { caseId: 'upsert-1', decidedAt: '2023-03-17T09:00:00Z', outcome: 'approved', clockStopDays: 2 });
    });
    const row = await t.deps.db.selectFrom('stats_case_facts').selectAll().where('case_id', '=', 'upsert-1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ destination: 'US', regime: 'MTCR', outcome: 'approved', processing_days: 7, within_target: 1, target_days: 20 });
    await expect(withTx(t.deps.db, (tx) => recordCaseFact(tx, { caseId: 'bad', decidedAt: 'yesterday', processingDays: -1 }))).rejects.toMatchObject({
      status: 400,
      fields: { decidedAt: expect.any(String), processingDays: expect.any(String) },
    });
  });
});

describe('reports', () => {
  it('rejects anonymous and non-officer callers before building', async () => {
    expect((await t.as(null).get('/api/stats/reports/2025')).statusCode).toBe(401);
    expect((await t.as(exporter).get('/api/stats/reports/2025')).statusCode).toBe(403);
    expect((await t.as(oversight).post('/api/stats/reports/2025/publish')).statusCode).toBe(403);
    expect((await t.as(officer).post('/api/stats/reports/2025/publish')).statusCode).toBe(403);
    const bad = await t.as(senior).post('/api/stats/reports/20x5/publish');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('id');
    expect((await t.as(senior).post('/api/stats/reports/2026/publish')).statusCode).toBe(409);
    expect((await t.as(null).get('/api/public/reports/2025')).statusCode).toBe(404);
    expect((await t.as(null).get('/api/public/reports/nonsense')).statusCode).toBe(400);
  });

  it('builds the full annual report for officers', async () => {
    const res = await t.as(officer).get('/api/stats/reports/2025');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.publishedAt).toBeNull();
    expect(r.applications).toEqual({ received: 26, decided: 25, withdrawn: 0 });
    const find = (d: string, o: string) => r.outcomes.find((x: any) => x.destination === d && x.outcome === o)?.count;
    expect(find('FR', 'approved')).toBe(12);
    expect(find('FR', 'refused')).toBe(3);
    expect(find('IR', 'refused')).toBe(4);
    expect(find('CN', 'approved_with_provisos')).toBe(6);
    expect(r.outcomes.find((x: any) => x.destination === 'FR').destinationName).toBe('France');
    expect(r.refusalCriteria).toEqual([
      { criterion: '1', description: expect.stringContaining('international obligations'), count: 4 },
      { criterion: '7', description: expect.stringContaining('diversion'), count: 7 },
    ]);
    const cat = (c: string, reg: string, o: string) => r.outcomesByControlCategory.find((x: any) => x.controlCategory === c && x.regime === reg && x.outcome === o)?.count;
    expect(cat('military', 'WA-ML', 'approved')).toBe(12);
    expect(cat('military', 'WA-ML', 'approved_with_provisos')).toBe(6);
    expect(cat('dual_use', 'WA', 'approved_with_provisos')).toBe(6);
    expect(cat('dual_use', 'AG', 'refused')).toBe(3);
    expect(cat('catch_all', 'end-use', 'refused')).toBe(4);
    // Processing days: 12 × (5..16), 3 × 30, 4 × (40..43), 6 × 10 → 25 values; sorted, rank 13 is 11 and rank 23 is 41.
    expect(r.processingDays).toMatchObject({ median: 11, p90: 41, targetDays: 20, withinTarget: 18, decidedWithTarget: 25, withinTargetShare: 0.72 });
    expect(r.processingDays.distribution.map((b: any) => b.count)).toEqual([1, 11, 6, 3, 4, 0]);
    expect(r.questions).toEqual({ casesWithQuestions: 6, questionsAsked: 6, clockStopDays: 18, casesDecided: 25 });
    expect(r.appeals).toEqual({ lodged: 4, decided: 4, outcomes: [{ outcome: 'overturned', count: 1 }, { outcome: 'upheld', count: 3 }] });
    expect(r.humanitarian).toEqual({ decided: 2, processingDays: { median: 5, p90: 6 } });
    expect(r.research).toEqual({ decided: 5, processingDays: { median: 10, p90: 10 } });
    expect(r.licences.valueByType).toEqual([{ licenceType: 'individual', cases: 18, value: 18000 }]);
    expect(r.decisionsOverTime.find((x: any) => x.month === '2025-05' && x.outcome === 'refused').count).toBe(4);
  });

  it('publishes editions at stable URLs and serves them suppressed to the public', async () => {
    const pub = await t.as(senior).post('/api/stats/reports/2025/publish');
    expect(pub.statusCode).toBe(201);
    expect(pub.json()).toMatchObject({ id: '2025', revision: 1 });
    expect((await t.as(admin).post('/api/stats/reports/2025-Q2/publish')).statusCode).toBe(201);
    const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'report.published').where('subject_id', '=', '2025').execute();
    expect(audit).toHaveLength(1);

    const list = await t.as(null).get('/api/public/reports');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      { id: '2025', period: '2025', title: 'Strategic export licensing statistics 2025' },
      { id: '2025-Q2', period: '2025-Q2', title: 'Strategic export licensing statistics 2025 Q2 (April to June)' },
    ]);

    const res = await t.as(null).get('/api/public/reports/2025');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.period).toBe('2025');
    expect(r.applications).toEqual({ received: 26, decided: 25, withdrawn: 0 });
    const find = (d: string, o: string) => r.outcomes.find((x: any) => x.destination === d && x.outcome === o)?.count;
    expect(find('FR', 'approved')).toBe(12);
    expect(find('FR', 'refused')).toBe('<5');
    expect(find('IR', 'refused')).toBe('<5');
    expect(find('CN', 'approved_with_provisos')).toBe(6);
    expect(r.processingDays.median).toBe(11);
    expect(r.appeals.outcomes).toEqual([{ outcome: 'overturned', count: '<5' }, { outcome: 'upheld', count: '<5' }]);
    expect(r.humanitarian).toEqual({ decided: '<5', processingDays: { median: null, p90: null } });
    expect(r.research.processingDays.median).toBe(10);
    // No number below 5 (other than 0) anywhere in a count position.
    const counts: unknown[] = [];
    const walk = (o: any, key = '') => {
      if (Array.isArray(o)) o.forEach((x) => walk(x, key));
      else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, k);
      else if (['count', 'received', 'decided', 'cases', 'lodged', 'suspended', 'revoked', 'withinTarget', 'casesWithQuestions', 'questionsAsked'].includes(key)) counts.push(o);
    };
    walk(r);
    expect(counts.filter((c) => typeof c === 'number' && c > 0 && c < 5)).toEqual([]);
    expect(counts).toContain('<5');

    // Quarter edition only counts its own quarter.
    const q2 = (await t.as(null).get('/api/public/reports/2025-Q2')).json();
    expect(q2.applications.decided).toBe('<5');
    expect(q2.periodStart).toBe('2025-04-01');
    expect(q2.periodEnd).toBe('2025-06-30');

    // Republishing keeps the URL and bumps the revision.
    const again = await t.as(senior).post('/api/stats/reports/2025/publish');
    expect(again.json().revision).toBe(2);
    expect((await t.as(null).get('/api/public/reports/2025')).json().revision).toBe(2);
  });

  it('serves a JSON Schema and downloads validate against it', async () => {
    const schemaRes = await t.as(null).get('/api/public/reports/schema.json');
    expect(schemaRes.statusCode).toBe(200);
    const schema = schemaRes.json();
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    for (const id of ['2025', '2025-Q2']) {
      const json = await t.as(null).get(`/api/public/reports/${id}.json`);
      expect(json.headers['content-disposition']).toContain(`clearway-statistics-${id}.json`);
      const ok = validate(json.json());
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
    // A document with an unsuppressed small count does not validate (the schema forbids unknown shapes, not small numbers, but it does check types).
    expect(validate({ ...(await t.as(null).get('/api/public/reports/2025')).json(), applications: { received: 'many', decided: 1, withdrawn: 0 } })).toBe(false);
  });

  it('downloads CSV in the documented long format', async () => {
    const res = await t.as(null).get('/api/public/reports/2025.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('table,key,subkey,outcome,value');
    const rows: string[][] = parse(res.body, { from_line: 2 });
    for (const r of rows) expect(r).toHaveLength(5);
    expect(lines).toContain('outcomes_by_destination,FR,France,approved,12');
    expect(lines).toContain('outcomes_by_destination,FR,France,refused,<5');
    expect(lines).toContain('applications,received,,,26');
    expect(lines).toContain('refusal_criteria,7,,refused,7');
    for (const r of rows.filter((x) => ['outcomes_by_destination', 'outcomes_by_case_type', 'refusal_criteria'].includes(x[0]!))) expect(r[4]).toMatch(/^(<5|0|[5-9]|\d{2,})$/);
  });

  it('drills down from a statistic to its cases for officers and oversight only', async () => {
    const url = '/api/stats/reports/2025/cases?destination=IR&outcome=refused&criterion=1';
    expect((await t.as(null).get(url)).statusCode).toBe(401);
    expect((await t.as(exporter).get(url)).statusCode).toBe(403);
    const res = await t.as(oversight).get(url);
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(4);
    expect(res.json().cases.map((c: any) => c.reference)).toEqual(expect.arrayContaining(['GBSIEL/2025/0000016']));
    const cat = (await t.as(officer).get('/api/stats/reports/2025/cases?controlCategory=dual_use&regime=WA')).json();
    expect(cat.total).toBe(6);
    const hum = (await t.as(officer).get('/api/stats/reports/2025/cases?humanitarian=true&limit=1')).json();
    expect(hum.total).toBe(2);
    expect(hum.cases).toHaveLength(1);
    expect((await t.as(officer).get('/api/stats/reports/2025/cases?limit=0')).statusCode).toBe(400);
  });
});

describe('impact indicators', () => {
  it('gives officers every indicator and the public the documented subset', async () => {
    expect((await t.as(exporter).get('/api/stats/indicators')).statusCode).toBe(403);
    const all = (await t.as(oversight).get('/api/stats/indicators?fromYear=2025&toYear=2025')).json().quarters;
    expect(all.map((q: any) => q.quarter)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3']);
    const q1 = all[0];
    expect(q1).toMatchObject({ decided: 15, refusalRate: 0.2, humanitarianMedianDays: 5, generalLicenceValueShare: 0, individualLicenceValueShare: 1 });
    expect(all[1]).toMatchObject({ decided: 4, refusalRate: 1, medianProcessingDays: 41 });
    expect(all[2]).toMatchObject({ appealsDecided: 4, appealOverturnRate: 0.25 });
    const pub = (await t.as(null).get('/api/public/indicators?fromYear=2025&toYear=2025')).json().quarters;
    expect(Object.keys(pub[0]).sort()).toEqual(['appealOverturnRate', 'decided', 'medianProcessingDays', 'quarter', 'refusalRate', 'withinTargetShare']);
    expect(pub[0]).toMatchObject({ decided: 15, refusalRate: 0.2 });
    expect(pub[1]).toMatchObject({ decided: '<5', refusalRate: null, medianProcessingDays: null });
    expect(pub[2].appealOverturnRate).toBeNull();
    expect((await t.as(null).get('/api/public/indicators?fromYear=abc')).statusCode).toBe(400);
  });
});

describe('guidance pages', () => {
  it('seeds the static pages and serves them publicly', async () => {
    const list = (await t.as(null).get('/api/public/guidance')).json().pages;
    expect(list.map((p: any) => p.slug)).toEqual(expect.arrayContaining(['how-to-apply', 'how-to-appeal', 'report-a-concern']));
    const page = (await t.as(null).get('/api/public/guidance/how-to-appeal')).json();
    expect(page.html).toContain('<h1>How to appeal a decision</h1>');
    await seedTransparency(t.deps); // idempotent
    expect((await t.deps.db.selectFrom('guidance_versions').select('slug').where('slug', '=', 'how-to-apply').execute()).length).toBe(1);
  });

  it('lets officers write versioned pages with raw HTML neutralised', async () => {
    const body = { slug: 'end-user-undertakings', title: 'End-user undertakings', markdown: '# EUU\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1)) [good](https://gov.example/x)' };
    expect((await t.as(null).post('/api/guidance', body)).statusCode).toBe(401);
    expect((await t.as(oversight).post('/api/guidance', body)).statusCode).toBe(403);
    expect((await t.as(exporter).post('/api/guidance', body)).statusCode).toBe(403);
    const bad = await t.as(officer).post('/api/guidance', { ...body, slug: 'Bad Slug!' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('slug');
    expect((await t.as(officer).post('/api/guidance', { ...body, markdown: '' })).statusCode).toBe(400);
    const created = await t.as(officer).post('/api/guidance', body);
    expect(created.statusCode).toBe(201);
    expect((await t.as(officer).post('/api/guidance', body)).statusCode).toBe(409);
    const pub = (await t.as(null).get('/api/public/guidance/end-user-undertakings')).json();
    expect(pub.html).not.toMatch(/<script|javascript:/i);
    expect(pub.html).toContain('&lt;script&gt;');
    expect(pub.html).toContain('<a href="https://gov.example/x" rel="noopener noreferrer">good</a>');

    // A draft version does not change the public page; publishing it does.
    const draft = await t.as(senior).put('/api/guidance/end-user-undertakings', { title: 'End-user undertakings (2026)', markdown: 'New text', publish: false, changeNote: 'draft' });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({ version: 2, publishedVersion: 1 });
    expect((await t.as(null).get('/api/public/guidance/end-user-undertakings')).json().version).toBe(1);
    expect((await t.as(oversight).post('/api/guidance/end-user-undertakings/publish', { version: 2 })).statusCode).toBe(403);
    expect((await t.as(senior).post('/api/guidance/end-user-undertakings/publish', { version: 9 })).statusCode).toBe(400);
    expect((await t.as(senior).post('/api/guidance/end-user-undertakings/publish', { version: 2 })).statusCode).toBe(200);
    expect((await t.as(null).get('/api/public/guidance/end-user-undertakings')).json()).toMatchObject({ version: 2, title: 'End-user undertakings (2026)' });
    const versions = (await t.as(oversight).get('/api/guidance/end-user-undertakings/versions')).json().versions;
    expect(versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect((await t.as(exporter).get('/api/guidance/end-user-undertakings/versions')).statusCode).toBe(403);
    expect((await t.as(null).get('/api/public/guidance/no-such-page')).statusCode).toBe(404);
    const audit = await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', 'end-user-undertakings').execute();
    expect(audit.map((a) => a.action)).toEqual(['guidance.created', 'guidance.updated', 'guidance.published']);
  });
});

describe('oversight observations', () => {
  it('only oversight records observations; senior officers read them; every one is audited', async () => {
    const body = { caseId: 'case-16', text: 'Refusal rationale does not cite the end-user assessment.' };
    expect((await t.as(null).post('/api/oversight/observations', body)).statusCode).toBe(401);
    for (const u of [senior, officer, admin, exporter]) expect((await t.as(u).post('/api/oversight/observations', body)).statusCode).toBe(403);
    expect((await t.as(oversight).post('/api/oversight/observations', { caseId: 'case-16', text: '' })).statusCode).toBe(400);
    expect((await t.as(oversight).post('/api/oversight/observations', { ...body, caseId: 'no-such-case' })).statusCode).toBe(404);
    const res = await t.as(oversight).post('/api/oversight/observations', { ...body, caseId: 'GBSIEL/2025/0000016' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ caseId: 'case-16', caseReference: 'GBSIEL/2025/0000016', author: oversight.email });
    const seen = (await t.as(senior).get('/api/oversight/observations?caseId=case-16')).json().observations;
    expect(seen).toHaveLength(1);
    expect(seen[0].text).toBe(body.text);
    expect((await t.as(officer).get('/api/oversight/observations')).statusCode).toBe(403);
    expect((await t.as(exporter).get('/api/oversight/observations')).statusCode).toBe(403);
    const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'oversight.observation_recorded').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject_id: 'case-16', actor_email: oversight.email });
  });
});
