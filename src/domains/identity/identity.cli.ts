import type { Command } from 'commander';
import type { Deps } from '../../platform/context.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR, ROLES, ORG_KINDS, type Role, type OrgKind } from '../../platform/auth/roles.js';
import { withTx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { createApiToken, insertUser } from './identity.service.js';
import { findOrgByName, findUserByEmail } from './identity.repository.js';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new Error('--password-stdin expects the password on standard input, e.g. echo "$PW" | clearway user add …');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function registerIdentityCli(program: Command, getDeps: () => Promise<Deps>) {
  const user = program.command('user').description('Users');
  user
    .command('add')
    .description('Add a user; creates the organisation if it does not exist')
    .requiredOption('--email <email>', 'email address (sign-in name)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--org <name>', 'organisation name (default: the authority)')
    .option('--org-kind <kind>', `kind for a new organisation: ${ORG_KINDS.join(', ')}`)
    .option('--team <team>', 'adviser team (e.g. defence)')
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (o) => {
      if (!ROLES.includes(o.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
      if (o.orgKind && !ORG_KINDS.includes(o.orgKind)) throw new Error(`--org-kind must be one of ${ORG_KINDS.join(', ')}`);
      if (!o.passwordStdin) throw new Error('Give the password with --password-stdin (it is never taken as an argument, which would leave it in shell history)');
      const password = await readStdin();
      const deps = await getDeps();
      const ctx = ctxFor(deps, SYSTEM_ACTOR, 'cli');
      const created = await withTx(deps.db, async (tx) => {
        const isIndustry = o.role === 'exporter' || o.role === 'exporter_admin';
        const orgName: string | undefined = o.org;
        let org = orgName
          ? await findOrgByName(tx, orgName)
          : await tx.selectFrom('organisations').selectAll().where('kind', '=', 'authority').orderBy('created_at').executeTakeFirst();
        if (!org) {
          if (!orgName) throw new Error('No authority organisation yet: start the server once, or give --org and --org-kind');
          const kind: OrgKind = o.orgKind ?? (isIndustry ? 'exporter' : 'authority');
          org = { id: newId(), name: orgName, kind, country: null, created_at: deps.clock.now().toISOString() };
          await tx.insertInto('organisations').values(org).execute();
          await recordAudit(tx, ctx, { action: 'organisation.created', subjectType: 'organisation', subjectId: org.id, after: org });
        }
        return insertUser(tx, ctx, { email: o.email, role: o.role as Role, organisationId: org.id, password, team: o.team ?? null, name: o.name ?? null });
      });
      console.log(`Added ${created.email} (${created.role}) to ${created.organisation.name}.`);
    });

  const token = program.command('token').description('API tokens for machine clients');
  token
    .command('create')
    .description('Create an API token for a user; printed once')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'a label for the token', 'cli')
    .action(async (o) => {
      const deps = await getDeps();
      const u = await findUserByEmail(deps.db, o.email);
      if (!u) throw new Error(`No user with email ${o.email}; add one with clearway user add`);
      const t = await createApiToken(ctxFor(deps, SYSTEM_ACTOR, 'cli'), o.name, u.id);
      console.log(t.token);
      console.error(`Token "${t.name}" created for ${u.email}. It is shown once; send it as Authorization: Bearer <token>.`);
    });
}
