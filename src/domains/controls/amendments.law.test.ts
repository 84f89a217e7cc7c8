import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { seedControls } from './controls.import.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { lapseSunsetEntries } from './controls.service.js';
import { controlListAsOf } from './lookup.js';
import { registerSchedules } from '../../platform/jobs/jobs.js';
import { controlsModule } from './index.js';

// Issue 11 §2: grace only for stricter versions, decontrol at once, sunset restores (subtree and all), early close.
let t: TestApp;
const clock = new FixedClock(new Date('2026-11-26T10:00:00Z'));
let officer: TestUser, exporter: TestUser, admin: TestUser;
beforeAll(async () => {
  t = await createTestApp({ clock });
  await seedControls(t.deps, ['eu']);
  officer = await t.user('licensing_officer');
  exporter = await t.user('exporter');
  admin = await t.user('admin');
}, 120_000);
afterAll(async () => t?.close());

const entry = (code: string, asOf: string, extra = '') => t.as(null).get(`/api/controls/entries/${code}?list=eu&asOf=${asOf}${extra}`);

describe('amendments that follow the law', () => {
  let id: string;
  it('closes a consultation early only with a reason, audited, and then allows adoption at once', async () => {
    const changes = [
      { action: 'modify', code: '0B002', text: 'Tightened: all auxiliary systems for gas centrifuge plants.' },
      { action: 'modify', code: '0B003', text: 'Loosened text for conversion plant.', stricter: false },
      { action: 'remove', code: '0B004' },
      { action: 'add', code: '0B098', title: 'Urgent control on test rigs' },
      { action: 'add', code: '0B098.a', parent: '0B098', title: 'Rigs for centrifuge rotors' },
      { action: 'modify', code: '0B001', text: 'Temporarily replaced text of 0B001.' },
    ];
    id = (await t.as(officer).post('/api/controls/amendments', { list: 'eu', title: 'Urgent measure', changes })).json().id;
    await t.as(officer).post(`/api/controls/amendments/${id}/consultation`, { closesOn: '2027-01-31' });
    expect((await t.as(officer).post(`/api/controls/amendments/${id}/adopt`, { effectiveDate: '2026-12-01' })).statusCode).toBe(409);
    expect((await t.as(exporter).post(`/api/controls/amendments/${id}/consultation/close`, { reason: 'Urgent threat' })).statusCode).toBe(403);
    const noReason = await t.as(officer).post(`/api/controls/amendments/${id}/consultation/close`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields.reason).toBeTruthy();
    const closed = await t.as(officer).post(`/api/controls/amendments/${id}/consultation/close`, { reason: 'Urgent proliferation risk' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().consultationClosedEarly).toEqual({ reason: 'Urgent proliferation risk' });
    expect((await t.as(null).post(`/api/controls/consultations/${id}/comments`, { body: 'Too late now', email: 'x@example.org' })).statusCode).toBe(409);
    const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'controls.amendment.consultation_closed_early').execute();
    expect(audit).toHaveLength(1);
    const adopt = await t.as(officer).post(`/api/controls/amendments/${id}/adopt`, { effectiveDate: '2026-12-01', graceUntil: '2027-03-01', sunsetDate: '2027-06-01' });
    expect(adopt.statusCode).toBe(200);
  });

  it('grants grace only where the new version is stricter; a decontrol or loosening applies at once', async () => {
    const old = (await entry('0B002', '2026-11-30')).json().text;
    const tight = (await entry('0B002', '2027-01-15', '&contractedOn=2026-11-01')).json();
    expect(tight.grace).toEqual({ applied: true, until: '2027-03-01' });
    expect(tight.text).toBe(old);
    const loose = (await entry('0B003', '2027-01-15', '&contractedOn=2026-11-01')).json();
    expect(loose.grace).toBeNull();
    expect(loose.text).toBe('Loosened text for conversion plant.');
    // Decontrol: gone for everyone from the effective date, sub-items too.
    expect((await entry('0B004', '2027-01-15', '&contractedOn=2026-11-01')).statusCode).toBe(404);
    expect((await entry('0B004.a', '2027-01-15')).statusCode).toBe(404);
    // An added entry (and its sub-item) does not bind a contract made before it, during the grace period.
    expect((await entry('0B098.a', '2027-01-15', '&contractedOn=2026-11-01')).statusCode).toBe(404);
    expect((await entry('0B098.a', '2027-01-15')).statusCode).toBe(200);
  });

  it('a sunset restores the replaced version, removes an added entry with its subtree, and determinations see it', async () => {
    const before = (await entry('0B001', '2026-11-30')).json();
    expect((await entry('0B001', '2027-05-31')).json().text).toBe('Temporarily replaced text of 0B001.');
    const back = (await entry('0B001', '2027-06-01')).json();
    expect(back.text).toBe(before.text);
    expect(back.children.map((c: any) => c.code)).toEqual(before.children.map((c: any) => c.code));
    expect((await entry('0B004', '2027-06-01')).statusCode).toBe(200); // removal lapses: the entry returns
    expect((await entry('0B004.a', '2027-06-01')).statusCode).toBe(200);
    expect((await entry('0B098', '2027-06-01')).statusCode).toBe(404);
    expect((await entry('0B098.a', '2027-06-01')).statusCode).toBe(404);
    const snapDuring = await controlListAsOf(t.deps.db, 'eu', '2027-05-31');
    expect(snapDuring.codes.has('0B098.a')).toBe(true);
    expect(snapDuring.codes.has('0B004.a')).toBe(false);
    const snapAfter = await controlListAsOf(t.deps.db, 'eu', '2027-06-01');
    expect(snapAfter.codes.has('0B098.a')).toBe(false);
    expect(snapAfter.codes.has('0B004.a')).toBe(true);
    // The job marks the lapse; the restored versions stay in force.
    clock.set('2027-06-02T09:00:00Z');
    const lapsed = (await lapseSunsetEntries(ctxFor(t.deps, SYSTEM_ACTOR, 'test'))).lapsed;
    expect(lapsed).toEqual(expect.arrayContaining(['eu:0B098', 'eu:0B001']));
    expect((await entry('0B001', '2027-06-02')).json().text).toBe(before.text);
    expect((await entry('0B098.a', '2027-06-02')).statusCode).toBe(404);
  });

  it('lets an admin run a scheduled job on demand', async () => {
    await registerSchedules(t.deps.db, clock.now(), controlsModule.schedules!);
    expect((await t.as(officer).post('/api/jobs/schedules/controls.lapse-sunsets/run', {})).statusCode).toBe(403);
    expect((await t.as(admin).post('/api/jobs/schedules/no-such-schedule/run', {})).statusCode).toBe(404);
    const res = await t.as(admin).post('/api/jobs/schedules/controls.lapse-sunsets/run', {});
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ type: 'controls.lapse-sunsets', status: 'queued', schedule: 'controls.lapse-sunsets' });
  });
});
