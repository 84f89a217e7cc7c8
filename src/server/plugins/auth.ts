import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/auth/roles.js';
import { ctxFor, type Ctx, type Deps } from '../../platform/context.js';
import { AppError, unauthenticated } from '../../platform/errors.js';
import { resolveApiToken, resolveSession } from '../../domains/identity/identity.service.js';

export const SESSION_COOKIE = 'cw_session';
export const CSRF_COOKIE = 'cw_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    ctx: Ctx;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** Marks a route as reachable without signing in. Every other route needs a session or an API token. */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves who is asking (Bearer token or session cookie), rejects anonymous calls to non-public routes,
 * and checks the CSRF token on cookie-authenticated mutations.
 */
export function registerAuth(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.actor = null;
    const authz = req.headers.authorization;
    if (authz) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      if (!m) throw new AppError('unauthenticated', 'Authorization header must be "Bearer <token>"');
      req.actor = await resolveApiToken(deps, m[1]);
      if (!req.actor) throw new AppError('unauthenticated', 'The API token is unknown or revoked; create a new one with `clearway token create`');
    } else {
      const token = req.cookies?.[SESSION_COOKIE];
      if (token) {
        const s = await resolveSession(deps, token);
        if (s) {
          req.actor = s.actor;
          req.sessionToken = token;
          if (!SAFE_METHODS.has(req.method) && req.url.startsWith('/api/')) {
            const sent = req.headers[CSRF_HEADER];
            if (sent !== s.csrfToken)
              throw new AppError('csrf_failed', `Missing or wrong ${CSRF_HEADER} header; read the token from the ${CSRF_COOKIE} cookie or GET /api/auth/csrf`);
          }
        }
      }
    }
    req.ctx = ctxFor(deps, req.actor, req.id);
    // Everything outside /api (the web UI's files, /docs) is public; API routes opt in explicitly.
    const isPublic = req.routeOptions.config?.public === true || !req.url.startsWith('/api/');
    // Unknown routes fall through to the 404 handler; known non-public routes need a caller.
    if (!isPublic && req.routeOptions.url && !req.actor) throw unauthenticated();
  });
}
