import { AppError, conflict, invalid, notFound, unauthenticated } from '../../platform/errors.js';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/password.js';
import { ROLES, ORG_KINDS, requireActor, type Actor, type OrgKind, type Role } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { newId, newSecret, sha256 } from '../../platform/ids.js';
import { nowIso, type Ctx, type Deps } from '../../platform/context.js';
import { AttemptLimiter } from '../../platform/auth/attempts.js';
import { actorForUser, findOrg, findOrgByName, findUserByEmail } from './identity.repository.js';
import { assertCanListOrganisations, assertCanListUsers, assertCanManageOrganisations, assertCanManageUsers } from './identity.policy.js';

const MAX_FAILED_LOGINS = 5;
const LOCKOUT_MINUTES = 15;

export interface NewUser {
  email: string;
  role: Role;
  organisationId: string;
  password: string;
  name?: string | null;
  team?: string | null;
}

/** Creates an organisation (admin only). */
export async function createOrganisation(ctx: Ctx, input: { name: string; kind: OrgKind; country?: string | null }) {
  assertCanManageOrganisations(ctx.actor);
  if (!ORG_KINDS.includes(input.kind)) throw invalid({ kind: `must be one of ${ORG_KINDS.join(', ')}` });
  return withTx(ctx.db, async (tx) => {
    if (await findOrgByName(tx, input.name)) throw conflict(`An organisation named "${input.name}" already exists`);
    const org = { id: newId(), name: input.name, kind: input.kind, country: input.country ?? null, created_at: nowIso(ctx) };
    await tx.insertInto('organisations').values(org).execute();
    await recordAudit(tx, ctx, { action: 'organisation.created', subjectType: 'organisation', subjectId: org.id, after: org });
    return org;
  });
}

export async function listOrganisations(ctx: Ctx) {
  assertCanListOrganisations(ctx.actor);
  return ctx.db.selectFrom('organisations').selectAll().orderBy('name').execute();
}

/** Adds a user; admins add anyone, exporter admins add exporter users to their own organisation. */
export async function createUser(ctx: Ctx, input: NewUser) {
  assertCanManageUsers(ctx.actor, input.organisationId, input.role);
  return withTx(ctx.db, (tx) => insertUser(tx, ctx, input));
}

/** Inserts a user inside an open transaction after validating it (used by the service, the CLI and first-start set-up). */
export async function insertUser(tx: Executor, ctx: Pick<Ctx, 'actor' | 'requestId' | 'clock'>, input: NewUser) {
  const fields: Record<string, string> = {};
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) fields.email = 'must be an email address';
  if (!ROLES.includes(input.role)) fields.role = `must be one of ${ROLES.join(', ')}`;
  const pw = passwordProblem(input.password);
  if (pw) fields.password = pw;
  if (Object.keys(fields).length) throw invalid(fields);
  const org = await findOrg(tx, input.organisationId);
  if (!org) throw invalid({ organisationId: 'no such organisation' });
  const authorityRole = !['exporter', 'exporter_admin'].includes(input.role);
  if (authorityRole && org.kind !== 'authority' && org.kind !== 'partner_agency')
    throw invalid({ role: `an authority role cannot belong to a ${org.kind} organisation` });
  if (!authorityRole && (org.kind === 'authority' || org.kind === 'partner_agency'))
    throw invalid({ role: `an exporter role cannot belong to an ${org.kind} organisation` });
  if (await findUserByEmail(tx, email)) throw conflict(`A user with email ${email} already exists`);
  const user = {
    id: newId(),
    organisation_id: org.id,
    email,
    name: input.name ?? null,
    role: input.role,
    team: input.team ?? null,
    password_hash: await hashPassword(input.password),
    failed_logins: 0,
    locked_until: null,
    disabled: 0,
    created_at: ctx.clock.now().toISOString(),
    password_changed_at: null,
  };
  await tx.insertInto('users').values(user).execute();
  await recordAudit(tx, ctx, {
    action: 'user.created',
    subjectType: 'user',
    subjectId: user.id,
    after: { email, role: user.role, organisationId: org.id, team: user.team },
  });
  return presentUser(user, org);
}

export async function listUsers(ctx: Ctx) {
  const a = assertCanListUsers(ctx.actor);
  let q = ctx.db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.team', 'users.disabled', 'users.locked_until', 'users.created_at', 'organisations.id as org_id', 'organisations.name as org_name', 'organisations.kind as org_kind'])
    .orderBy('users.email');
  if (a.role === 'exporter_admin') q = q.where('users.organisation_id', '=', a.organisationId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    team: r.team,
    disabled: Boolean(Number(r.disabled)),
    lockedUntil: r.locked_until,
    createdAt: r.created_at,
    organisation: { id: r.org_id, name: r.org_name, kind: r.org_kind },
  }));
}

function presentUser(u: { id: string; email: string; role: string; name: string | null; team: string | null }, org: { id: string; name: string; kind: string }) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, team: u.team, organisation: { id: org.id, name: org.name, kind: org.kind } };
}

/** The caller's own profile (`GET /api/me`). */
export function me(ctx: Ctx) {
  const a = requireActor(ctx.actor);
  return {
    id: a.userId,
    email: a.email,
    role: a.role,
    team: a.team,
    organisation: { id: a.organisationId, name: a.organisationName, kind: a.organisationKind },
  };
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  actor: Actor;
}

const limiters = new WeakMap<object, AttemptLimiter>();
const WRONG = () => new AppError('unauthenticated', 'Email or password is wrong');

/**
 * Password login, rate-limited per account (and per address by the route), with lockout after repeated failures.
 * A locked, disabled or unknown account answers exactly like a wrong password, after the same hashing work, so
 * the answer never tells which emails exist. Failures are audited.
 */
export async function login(deps: Deps, requestId: string | null, email: string, password: string): Promise<LoginResult> {
  const now = deps.clock.now();
  const account = email.trim().toLowerCase();
  let limiter = limiters.get(deps.db);
  if (!limiter) limiters.set(deps.db, (limiter = new AttemptLimiter(deps.config.loginRateLimitPerMinute)));
  if (!limiter.hit(account, now)) throw new AppError('rate_limited', 'Too many sign-in attempts for this account; wait a minute and try again');
  const user = await findUserByEmail(deps.db, email.trim());
  if (!user) {
    await verifyPassword(await dummyHash(), password);
    throw WRONG();
  }
  const locked = !!user.locked_until && new Date(user.locked_until) > now;
  const passwordOk = await verifyPassword(user.password_hash, password);
  const ok = !locked && !Number(user.disabled) && passwordOk;
  const sysCtx = { actor: null, requestId, clock: deps.clock };
  if (locked) {
    await withTx(deps.db, (tx) => recordAudit(tx, sysCtx, { action: 'auth.login_refused_locked', subjectType: 'user', subjectId: user.id, details: { lockedUntil: user.locked_until } }));
    throw WRONG();
  }
  if (!ok) {
    await withTx(deps.db, async (tx) => {
      const failed = user.failed_logins + 1;
      const lock = failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
      await tx.updateTable('users').set({ failed_logins: lock ? 0 : failed, locked_until: lock }).where('id', '=', user.id).execute();
      await recordAudit(tx, sysCtx, { action: lock ? 'auth.locked' : 'auth.login_failed', subjectType: 'user', subjectId: user.id, details: { failed } });
    });
    throw WRONG();
  }
  const sessionToken = newSecret('cws_');
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3600_000).toISOString();
  const actor = await withTx(deps.db, async (tx) => {
    await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await tx
      .insertInto('sessions')
      .values({ id_hash: sha256(sessionToken), user_id: user.id, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt, last_seen_at: now.toISOString() })
      .execute();
    const actor = (await actorForUser(tx, user.id, 'session'))!;
    await recordAudit(tx, { ...sysCtx, actor }, { action: 'auth.login', subjectType: 'user', subjectId: user.id });
    return actor;
  });
  return { sessionToken, csrfToken, expiresAt, actor };
}

/** Resolves a session cookie to its actor and CSRF token; expired sessions are removed. */
export async function resolveSession(deps: Deps, token: string): Promise<{ actor: Actor; csrfToken: string } | null> {
  const s = await deps.db.selectFrom('sessions').selectAll().where('id_hash', '=', sha256(token)).executeTakeFirst();
  if (!s) return null;
  if (new Date(s.expires_at) <= deps.clock.now()) {
    await deps.db.deleteFrom('sessions').where('id_hash', '=', s.id_hash).execute();
    return null;
  }
  const actor = await actorForUser(deps.db, s.user_id, 'session');
  return actor ? { actor, csrfToken: s.csrf_token } : null;
}

export async function logout(ctx: Ctx, token: string) {
  await withTx(ctx.db, async (tx) => {
    const n = await tx.deleteFrom('sessions').where('id_hash', '=', sha256(token)).executeTakeFirst();
    if (Number(n.numDeletedRows) > 0 && ctx.actor)
      await recordAudit(tx, ctx, { action: 'auth.logout', subjectType: 'user', subjectId: ctx.actor.userId });
  });
}

/** Changes the caller's password; every other session of the user is ended and every API token revoked. */
export async function changePassword(ctx: Ctx, currentPassword: string, newPassword: string, keepSessionToken?: string) {
  const a = requireActor(ctx.actor);
  const problem = passwordProblem(newPassword);
  if (problem) throw invalid({ newPassword: problem });
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', a.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, currentPassword))) throw invalid({ currentPassword: 'is wrong' }, 'The current password is wrong');
  const hash = await hashPassword(newPassword);
  await withTx(ctx.db, async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash, password_changed_at: nowIso(ctx) }).where('id', '=', a.userId).execute();
    let del = tx.deleteFrom('sessions').where('user_id', '=', a.userId);
    if (keepSessionToken) del = del.where('id_hash', '!=', sha256(keepSessionToken));
    await del.execute();
    // API tokens were issued under the old password: whoever may have stolen it may hold one too.
    const revoked = await tx.updateTable('api_tokens').set({ revoked_at: nowIso(ctx) }).where('user_id', '=', a.userId).where('revoked_at', 'is', null).executeTakeFirst();
    await recordAudit(tx, ctx, { action: 'user.password_changed', subjectType: 'user', subjectId: a.userId, details: { tokensRevoked: Number(revoked.numUpdatedRows) } });
  });
}

/** Issues an API token for the caller (or, for the CLI, the user given); the secret is returned once and stored hashed. */
export async function createApiToken(ctx: Ctx, name: string, forUserId?: string) {
  const a = requireActor(ctx.actor);
  const userId = forUserId ?? a.userId;
  if (!name.trim()) throw invalid({ name: 'must not be empty' });
  const token = newSecret('cwt_');
  const row = { id: newId(), user_id: userId, name: name.trim(), token_hash: sha256(token), prefix: token.slice(0, 10), created_at: nowIso(ctx), last_used_at: null, revoked_at: null };
  await withTx(ctx.db, async (tx) => {
    await tx.insertInto('api_tokens').values(row).execute();
    await recordAudit(tx, ctx, { action: 'token.created', subjectType: 'api_token', subjectId: row.id, after: { name: row.name, userId, prefix: row.prefix } });
  });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.created_at, token };
}

export async function listApiTokens(ctx: Ctx) {
  const a = requireActor(ctx.actor);
  const rows = await ctx.db.selectFrom('api_tokens').selectAll().where('user_id', '=', a.userId).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

export async function revokeApiToken(ctx: Ctx, id: string) {
  const a = requireActor(ctx.actor);
  await withTx(ctx.db, async (tx) => {
    const t = await tx.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    // Another user's token is reported as missing, not forbidden, so ids do not leak.
    if (!t || (t.user_id !== a.userId && a.role !== 'admin')) throw notFound('API token');
    if (t.revoked_at) return;
    await tx.updateTable('api_tokens').set({ revoked_at: nowIso(ctx) }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'token.revoked', subjectType: 'api_token', subjectId: id });
  });
}

/** Resolves a bearer token to its actor and records the time it was last used. */
export async function resolveApiToken(deps: Deps, token: string): Promise<Actor | null> {
  const t = await deps.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!t || t.revoked_at) return null;
  const actor = await actorForUser(deps.db, t.user_id, 'token');
  if (!actor) return null;
  // Recorded at most once a minute per token: a synced write on every request would halve API throughput.
  const now = deps.clock.now();
  if (!t.last_used_at || now.getTime() - new Date(t.last_used_at).getTime() > 60_000)
    await deps.db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', t.id).execute();
  return actor;
}

/** On an empty database: creates the authority organisation and the first administrator. Returns the generated password if one was made. */
export async function ensureAdmin(deps: Deps): Promise<{ email: string; generatedPassword?: string } | null> {
  const existing = await deps.db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  if (existing) return null;
  const generated = deps.config.adminPassword ? undefined : newSecret().slice(0, 20);
  const password = deps.config.adminPassword ?? generated!;
  const ctx = { actor: null, requestId: null, clock: deps.clock };
  await withTx(deps.db, async (tx) => {
    let org = await tx.selectFrom('organisations').selectAll().where('kind', '=', 'authority').orderBy('created_at').executeTakeFirst();
    if (!org) {
      org = { id: newId(), name: 'Export Control Authority', kind: 'authority', country: null, created_at: nowIso(deps) };
      await tx.insertInto('organisations').values(org).execute();
      await recordAudit(tx, ctx, { action: 'organisation.created', subjectType: 'organisation', subjectId: org.id, after: org });
    }
    await insertUser(tx, ctx, { email: deps.config.adminEmail, role: 'admin', organisationId: org.id, password, name: 'Administrator' });
  });
  return { email: deps.config.adminEmail, generatedPassword: generated };
}

export { unauthenticated };
