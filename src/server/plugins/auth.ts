import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../platform/auth/roles.js';
import { ctxFor, type Ctx, type Deps } from '../../platform/context.js';
import { AppError, unauthenticated } from '../../platform/errors.js';
import { resolveApiToken, resolveSession } from '../../domains/identity/identity.service.js';

import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '../../platform/auth/cookies.js';

export { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE };

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

declare module 'fastify' {
  interface FastifyRequest {
    /** The CSRF token of the session the cookie named, when the caller is cookie-authenticated. */
    sessionCsrf: string | null;
  }
}

/**
 * The CSRF check, attached to each changing route when it is registered, so it runs on the route the router
 * matched, whatever spelling of the path reached it (`/%61pi/…`, `%2F`, case, dots). A raw-URL prefix test
 * would not see those. Bearer-token callers are exempt: browsers never attach the header on their own.
 */
async function checkCsrf(req: FastifyRequest) {
  if (req.sessionToken === null || req.sessionCsrf === null) return;
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !safeEqual(sent, req.sessionCsrf))
    throw new AppError('csrf_failed', `Missing or wrong ${CSRF_HEADER} header; read the token from the ${CSRF_COOKIE} cookie or GET /api/auth/csrf`);
}

function safeEqual(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves who is asking (Bearer token or session cookie), rejects anonymous calls to non-public routes,
 * and checks the CSRF token on cookie-authenticated changes (a hook on every route whose method changes state).
 */
export function registerAuth(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('sessionCsrf', null);
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => SAFE_METHODS.has(m))) return;
    const existing = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
    route.onRequest = [...existing, checkCsrf] as typeof route.onRequest;
  });
  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.actor = null;
    req.sessionToken = null;
    req.sessionCsrf = null;
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
          req.sessionCsrf = s.csrfToken;
        }
      }
    }
    req.ctx = ctxFor(deps, req.actor, req.id);
    // Decided on the matched route, never on the raw URL: API routes need a caller unless marked public;
    // everything else the router knows (the web UI's files, /docs) is public. Unknown routes fall through to 404.
    const route = req.routeOptions.url;
    if (!route) return;
    const isPublic = req.routeOptions.config?.public === true || !route.startsWith('/api/');
    if (!isPublic && !req.actor) throw unauthenticated();
  });
}
