import type { Executor } from '../../platform/db/index.js';
import type { Actor, OrgKind, Role } from '../../platform/auth/roles.js';

/** Loads the actor for a user id, or null when the user is missing or disabled. */
export async function actorForUser(db: Executor, userId: string, via: Actor['via']): Promise<Actor | null> {
  const row = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'users.id as id',
      'users.email as email',
      'users.role as role',
      'users.team as team',
      'users.disabled as disabled',
      'organisations.id as org_id',
      'organisations.name as org_name',
      'organisations.kind as org_kind',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row || Number(row.disabled)) return null;
  return {
    userId: row.id,
    email: row.email,
    role: row.role as Role,
    team: row.team,
    organisationId: row.org_id,
    organisationName: row.org_name,
    organisationKind: row.org_kind as OrgKind,
    via,
  };
}

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const findOrgByName = (db: Executor, name: string) =>
  db.selectFrom('organisations').selectAll().where('name', '=', name).executeTakeFirst();

export const findOrg = (db: Executor, id: string) =>
  db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
