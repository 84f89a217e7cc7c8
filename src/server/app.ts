import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, jsonSchemaTransform } from 'fastify-type-provider-zod';
import { validatorCompiler } from './plugins/validation.js';
import { registerNulGuard } from './plugins/nul.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Deps } from '../platform/context.js';
import { registerErrorHandling } from './plugins/errors.js';
import { registerAuth } from './plugins/auth.js';
import { domains } from '../domains/registry.js';

export interface Readiness {
  ready: boolean;
  stage: string;
}

export interface AppOptions {
  readiness?: Readiness;
  /** Folder holding the built web UI; the SPA is served when it exists. */
  webDir?: string;
  /** Trust X-Forwarded-* (behind a TLS-terminating proxy). */
  trustProxy?: boolean | number | string;
}

/** Hotline routes, however the path is spelt (case, percent-encoding): their request log lines drop address, port, host and the receipt. */
const isHotlineUrl = (url: string | undefined) => {
  let path = (url ?? '').split('?')[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {
    // a malformed escape: judge the raw path
  }
  return /\/public\/+concerns/i.test(path);
};
const redactedHotlineRequest = (req: { method?: string }) => ({ method: req.method, url: '/api/public/concerns/[redacted]' });

/** Builds the HTTP app without listening (tests use app.inject or listen on port 0). */
export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const readiness = opts.readiness ?? { ready: true, stage: 'ready' };
  const app = Fastify({
    loggerInstance: deps.log as unknown as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    // A hop count trusts that many proxies nearest to us (fastify's types take it as a function).
    trustProxy: typeof opts.trustProxy === 'number' ? ((_addr: string, hop: number) => hop < (opts.trustProxy as number)) : (opts.trustProxy ?? false),
    bodyLimit: 2 * 1024 * 1024,
    return503OnClosing: true,
    // Hotline (enforcement): nothing that could identify a reporter is logged for /api/public/concerns*.
    childLoggerFactory: (logger, bindings, childOpts, rawReq) =>
      logger.child(bindings, isHotlineUrl(rawReq.url) ? { ...childOpts, serializers: { req: redactedHotlineRequest } } : childOpts),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  registerErrorHandling(app);
  registerNulGuard(app);
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // Browsers must not upgrade http://localhost to https.
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
  });
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 5 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Clearway API', version: '0.1.0', description: 'Export-control licensing and compliance. Errors: {"error":{"code","message","fields"}}.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'cw_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  registerAuth(app, deps);
  // An empty query parameter (`?category=&limit=`) means "not given", as HTML forms and many clients send it.
  app.addHook('preValidation', async (req) => {
    const q = req.query as Record<string, unknown> | undefined;
    if (q && typeof q === 'object') for (const k of Object.keys(q)) if (q[k] === '') delete q[k];
  });

  app.get('/api/health', { config: { public: true }, schema: { tags: ['platform'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
  app.get('/api/ready', { config: { public: true }, schema: { tags: ['platform'], summary: 'Readiness: 200 once migrated and data loaded, 503 before' } }, async (_req, reply) => {
    if (!readiness.ready) return reply.status(503).send({ status: 'starting', stage: readiness.stage });
    return { status: 'ready' };
  });

  for (const d of domains) if (d.routes) await app.register(async (scope) => d.routes!(scope, deps));

  const webDir = opts.webDir ?? resolve('web/dist');
  const hasWeb = existsSync(join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  }
  app.setNotFoundHandler({}, async (req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET' || !hasWeb) {
      return reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}; see /docs for the API` } });
    }
    // The SPA handles its own routes.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
