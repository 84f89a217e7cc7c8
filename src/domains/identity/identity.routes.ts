import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import { ORG_KINDS, ROLES } from '../../platform/auth/roles.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/auth/cookies.js';
import * as identity from './identity.service.js';
import { requireActor } from '../../platform/auth/roles.js';
import { listNotifications, markNotificationRead } from './notifications.service.js';

const Organisation = z.object({ id: z.string(), name: z.string(), kind: z.string() });
const Me = z.object({ id: z.string(), email: z.string(), role: z.string(), team: z.string().nullable(), organisation: Organisation });

export function identityRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookieOpts = (secure: boolean, expires?: Date) => ({ path: '/', sameSite: 'lax' as const, secure, expires });

  r.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets an HttpOnly session cookie',
        body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(256) }),
        response: { 200: z.object({ user: Me, csrfToken: z.string(), expiresAt: z.string() }) },
      },
    },
    async (req, reply) => {
      const res = await identity.login(deps, req.id, req.body.email, req.body.password);
      // Secure when configured or when the request came over TLS (directly or via a proxy).
      const secure = deps.config.secureCookies || req.protocol === 'https';
      const expires = new Date(res.expiresAt);
      reply.setCookie(SESSION_COOKIE, res.sessionToken, { ...cookieOpts(secure, expires), httpOnly: true });
      reply.setCookie(CSRF_COOKIE, res.csrfToken, { ...cookieOpts(secure, expires), httpOnly: false });
      req.ctx = { ...req.ctx, actor: res.actor };
      return { user: identity.me(req.ctx), csrfToken: res.csrfToken, expiresAt: res.expiresAt };
    },
  );

  r.post('/api/auth/logout', { config: { public: true }, schema: { tags: ['auth'], summary: 'End the session' } }, async (req, reply) => {
    if (req.sessionToken) await identity.logout(req.ctx, req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  r.get('/api/auth/csrf', { schema: { tags: ['auth'], summary: 'The CSRF token to send as X-CSRF-Token with cookie-authenticated changes' } }, async (req) => {
    requireActor(req.actor);
    return { csrfToken: req.cookies[CSRF_COOKIE] ?? null };
  });

  r.post(
    '/api/auth/password',
    { schema: { tags: ['auth'], summary: 'Change your password (ends your other sessions)', body: z.object({ currentPassword: z.string().max(256), newPassword: z.string().max(256) }) } },
    async (req, reply) => {
      await identity.changePassword(req.ctx, req.body.currentPassword, req.body.newPassword, req.sessionToken ?? undefined);
      return reply.status(204).send();
    },
  );

  r.get('/api/me', { schema: { tags: ['auth'], summary: 'Who am I', response: { 200: Me } } }, async (req) => identity.me(req.ctx));

  r.get('/api/organisations', { schema: { tags: ['identity'], summary: 'List organisations' } }, async (req) => ({ organisations: await identity.listOrganisations(req.ctx) }));
  r.post(
    '/api/organisations',
    { schema: { tags: ['identity'], summary: 'Create an organisation (admin)', body: z.object({ name: z.string().trim().min(2).max(200), kind: z.enum(ORG_KINDS), country: z.string().length(2).optional() }) } },
    async (req, reply) => reply.status(201).send(await identity.createOrganisation(req.ctx, req.body)),
  );

  r.get('/api/users', { schema: { tags: ['identity'], summary: 'List users (admin, oversight; exporter admins see their organisation)' } }, async (req) => ({ users: await identity.listUsers(req.ctx) }));
  r.post(
    '/api/users',
    {
      schema: {
        tags: ['identity'],
        summary: 'Add a user',
        body: z.object({
          email: z.string().email(),
          role: z.enum(ROLES),
          organisationId: z.string().min(1),
          password: z.string().min(12).max(256),
          name: z.string().max(200).optional(),
          team: z.string().max(100).optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await identity.createUser(req.ctx, req.body)),
  );

  r.get('/api/tokens', { schema: { tags: ['identity'], summary: 'Your API tokens with their last-used time' } }, async (req) => ({ tokens: await identity.listApiTokens(req.ctx) }));
  r.post(
    '/api/tokens',
    { schema: { tags: ['identity'], summary: 'Create an API token (shown once)', body: z.object({ name: z.string().trim().min(1).max(100) }) } },
    async (req, reply) => reply.status(201).send(await identity.createApiToken(req.ctx, req.body.name)),
  );
  r.delete(
    '/api/tokens/:id',
    { schema: { tags: ['identity'], summary: 'Revoke an API token', params: z.object({ id: z.string() }) } },
    async (req, reply) => {
      await identity.revokeApiToken(req.ctx, req.params.id);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/notifications',
    { schema: { tags: ['notifications'], summary: 'Your notifications and your organisation\'s', querystring: z.object({ unread: z.enum(['true', 'false']).optional() }) } },
    async (req) => ({ notifications: await listNotifications(req.ctx, { unread: req.query.unread === 'true' }) }),
  );
  r.post(
    '/api/notifications/:id/read',
    { schema: { tags: ['notifications'], summary: 'Mark a notification read', params: z.object({ id: z.string() }) } },
    async (req, reply) => {
      await markNotificationRead(req.ctx, req.params.id);
      return reply.status(204).send();
    },
  );
}
