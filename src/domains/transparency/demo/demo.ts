import { faker } from '@faker-js/faker';
import type { Deps } from '../../../platform/context.js';
import { ctxFor } from '../../../platform/context.js';
import { SYSTEM_ACTOR, type Actor, type OrgKind, type Role } from '../../../platform/auth/roles.js';
import { withTx } from '../../../platform/db/index.js';
import { newId, newSecret } from '../../../platform/ids.js';
import { getState, setState } from '../../../platform/data.js';
import { conflict, invalid } from '../../../platform/errors.js';
import { recordAudit } from '../../../platform/audit/audit.js';
import { insertUser } from '../../identity/identity.service.js';
import { actorForUser } from '../../identity/identity.repository.js';
import { publishReport } from '../transparency.service.js';
import { planYear, type CasePlan } from './generator.js';
import * as lic from './licensing-adapter.js';

export interface DemoOptions {
  year: number;
  cases: number;
  seed?: number;
  /** Publish the year's editions that have ended (default true). */
  publish?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoResult {
  year: number;
  planned: number;
  submitted: number;
  decided: number;
  failed: { n: number; step: string; error: string }[];
  published: string[];
  users: { email: string; role: string }[];
  password: string | null;
  seconds: number;
}

async function ensureOrg(deps: Deps, name: string, kind: OrgKind, country: string): Promise<string> {
  const found = await deps.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirst();
  if (found) return found.id;
  const ctx = ctxFor(deps, SYSTEM_ACTOR, 'demo');
  const org = { id: newId(), name, kind, country, created_at: deps.clock.now().toISOString() };
  await withTx(deps.db, async (tx) => {
    await tx.insertInto('organisations').values(org).execute();
    await recordAudit(tx, ctx, { action: 'organisation.created', subjectType: 'organisation', subjectId: org.id, after: org });
  });
  return org.id;
}

async function ensureUser(deps: Deps, email: string, role: Role, orgId: string, password: string, created: { email: string; role: string }[]): Promise<Actor> {
  let u = await deps.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (!u) {
    const ctx = ctxFor(deps, SYSTEM_ACTOR, 'demo');
    u = await withTx(deps.db, (tx) => insertUser(tx, ctx, { email, role, organisationId: orgId, password, name: email.split('@')[0] }));
    created.push({ email, role });
  }
  const actor = await actorForUser(deps.db, u.id, 'system');
  if (!actor) throw new Error(`demo user ${email} is not usable`);
  return actor;
}

/**
 * Generates a demo year through the real licensing services: exporters apply (screening and determination run on
 * submission), officers ask questions, advise, a senior officer countersigns, officers decide, exporters appeal some
 * refusals, a few licences are suspended or revoked. Steps run in time order across all cases, each at its own
 * simulated time. Finally the year's editions are published.
 */
export async function runDemoSeed(deps: Deps, opts: DemoOptions): Promise<DemoResult> {
  const t0 = Date.now();
  if (!Number.isInteger(opts.year) || opts.year < 2000 || opts.year > 2100) throw invalid({ year: 'must be a year between 2000 and 2100' });
  if (!Number.isInteger(opts.cases) || opts.cases < 1 || opts.cases > 200_000) throw invalid({ cases: 'must be a whole number from 1 to 200000' });
  const stateKey = `demo:seed:${opts.year}`;
  if (await getState(deps.db, stateKey)) throw conflict(`A demo year ${opts.year} was already generated in this database`);
  const seed = opts.seed ?? opts.year;
  faker.seed(seed);

  const password = newSecret('demo-').slice(0, 24);
  const users: { email: string; role: string }[] = [];
  const authority =
    (await deps.db.selectFrom('organisations').select('id').where('kind', '=', 'authority').orderBy('created_at').executeTakeFirst())?.id ??
    (await ensureOrg(deps, 'Export Control Joint Unit (demo)', 'authority', 'GB'));
  const officers = [await ensureUser(deps, 'demo.officer1@clearway.example', 'licensing_officer', authority, password, users), await ensureUser(deps, 'demo.officer2@clearway.example', 'licensing_officer', authority, password, users)];
  const seniors = [await ensureUser(deps, 'demo.senior1@clearway.example', 'senior_officer', authority, password, users), await ensureUser(deps, 'demo.senior2@clearway.example', 'senior_officer', authority, password, users)];
  await ensureUser(deps, 'demo.oversight@clearway.example', 'oversight', authority, password, users);
  const exporters: Actor[] = [];
  for (let i = 1; i <= 12; i++) {
    const org = await ensureOrg(deps, `${faker.company.name()} (demo exporter ${i})`, 'exporter', 'GB');
    exporters.push(await ensureUser(deps, `demo.exporter${i}@clearway.example`, 'exporter', org, password, users));
  }
  const researchExporters: Actor[] = [];
  for (let i = 1; i <= 2; i++) {
    const org = await ensureOrg(deps, `${faker.location.city()} University research office (demo ${i})`, 'research', 'GB');
    researchExporters.push(await ensureUser(deps, `demo.research${i}@clearway.example`, 'exporter', org, password, users));
  }

  const plans = planYear(opts.year, opts.cases, seed);
  const states = plans.map((p, i): lic.CaseState => ({
    exporter: p.research ? researchExporters[i % researchExporters.length]! : exporters[Math.floor(Math.pow((i * 7919) % 1000 / 1000, 2) * exporters.length)]!,
    officer: officers[i % officers.length]!,
    seniorA: seniors[i % seniors.length]!,
    seniorB: seniors[(i + 1) % seniors.length]!,
  }));
  const parties = plans.map(() => ({ consignee: faker.company.name(), endUser: faker.company.name(), address: `${faker.location.streetAddress()}, ${faker.location.city()}` }));

  type Step = { at: Date; n: number; order: number; name: string; run: () => Promise<void> };
  const steps: Step[] = [];
  for (const p of plans) {
    const s = states[p.n]!;
    const add = (at: Date, order: number, name: string, fn: (d: Deps, p: CasePlan, s: lic.CaseState) => Promise<void>, guard: () => boolean = () => !s.finalised) =>
      steps.push({ at, n: p.n, order, name, run: async () => (s.failed || !guard() ? undefined : fn(deps, p, s)) });
    steps.push({ at: p.submitAt, n: p.n, order: 0, name: 'submit', run: () => lic.submitStep(deps, p, s, parties[p.n]!) });
    if (p.question) {
      add(p.question.askAt, 1, 'ask', lic.askStep);
      add(p.question.answerAt, 2, 'answer', lic.answerStep);
    }
    add(p.adviseAt, 3, 'advise', lic.adviseStep);
    add(p.decideAt, 4, 'decide', lic.decideStep);
    if (p.appeal) {
      add(p.appeal.lodgeAt, 5, 'appeal', lic.appealLodgeStep, () => true);
      add(p.appeal.decideAt, 6, 'appeal-decision', lic.appealDecideStep, () => true);
    }
    if (p.licenceAction) add(p.licenceAction.at, 7, p.licenceAction.action, lic.licenceStep, () => true);
  }
  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.n - b.n || a.order - b.order);

  const failed: DemoResult['failed'] = [];
  let done = 0;
  for (const st of steps) {
    const s = states[st.n]!;
    try {
      if (!s.failed || st.name === 'fact') await st.run();
    } catch (e) {
      s.failed = st.name;
      failed.push({ n: st.n, step: st.name, error: e instanceof Error ? e.message : String(e) });
    }
    if (st.name === 'fact') opts.onProgress?.(++done, plans.length);
  }

  await setState(deps.db, stateKey, JSON.stringify({ cases: opts.cases, seed }), deps.clock.now());
  const published: string[] = [];
  if (opts.publish !== false) {
    const ctx = ctxFor(deps, SYSTEM_ACTOR, 'demo');
    for (const id of [String(opts.year), `${opts.year}-Q1`, `${opts.year}-Q2`, `${opts.year}-Q3`, `${opts.year}-Q4`]) {
      const end = id.includes('Q') ? new Date(Date.UTC(opts.year, Number(id.slice(-1)) * 3, 1)) : new Date(Date.UTC(opts.year + 1, 0, 1));
      if (end > deps.clock.now()) continue;
      await publishReport(ctx, id);
      published.push(id);
    }
  }
  const ids = states.map((s) => s.applicationId).filter((x): x is string => !!x);
  let decided = 0;
  for (let i = 0; i < ids.length; i += 500)
    decided += Number((await deps.db.selectFrom('stats_case_facts').select((eb) => eb.fn.countAll().as('n')).where('case_id', 'in', ids.slice(i, i + 500)).where('outcome', 'is not', null).executeTakeFirst())?.n ?? 0);
  return {
    year: opts.year,
    planned: plans.length,
    submitted: states.filter((s) => s.applicationId).length,
    decided,
    failed,
    published,
    users,
    password: users.length ? password : null,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
  };
}
