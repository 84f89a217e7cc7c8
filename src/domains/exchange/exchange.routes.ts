import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import { invalid } from '../../platform/errors.js';
import { addPeer, listPeers, ownKey, setPeerActive, showKeys } from './peers.service.js';
import { receiveBatch, receiveMessage } from './inbox.service.js';
import { deliverPending, outboxSummary } from './outbox.js';
import { assertExchangeReader, assertPeerAdmin } from './exchange.policy.js';
import { listOwnDenials, reviewDenial, revokeDenial, shareDenials } from './denials.service.js';
import { exportClassification, fetchClassification, importClassification, listPeerRulings } from './open-data.service.js';
import { classificationExchangeJsonSchema } from './open-data.schema.js';
import { answerConsultation, caseConsultations, casesAwaitingConsultation, listConsultations, startConsultation } from './consultations.service.js';

const Id = z.object({ id: z.string().max(100) });
const tags = ['exchange'];

export function exchangeRoutes(app: FastifyInstance, _deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/exchange/inbox',
    { config: { public: true }, bodyLimit: 8 * 1024 * 1024, schema: { tags, summary: 'Receive a signed message from a peer authority (denial notification or revocation, consultation request or answer), or a batch {messages: [...]} applied in order' } },
    async (req) => {
      const body = req.body as { messages?: unknown } | null;
      if (body && typeof body === 'object' && Array.isArray(body.messages)) {
        if (body.messages.length > 500) throw invalid({ messages: 'at most 500 messages per batch' });
        return receiveBatch(req.ctx, body.messages);
      }
      return receiveMessage(req.ctx, req.body);
    },
  );
  r.get('/api/public/exchange/key', { config: { public: true }, schema: { tags, summary: "This authority's exchange public key and name, for peers to configure" } }, async (req) => ownKey(req.ctx));

  r.get('/api/exchange/keys', { schema: { tags, summary: "This authority's exchange key (administrators)" } }, async (req) => showKeys(req.ctx));
  r.get('/api/exchange/peers', { schema: { tags, summary: 'Peer authorities, with messages waiting for each' } }, async (req) => listPeers(req.ctx));
  r.post(
    '/api/exchange/peers',
    { schema: { tags, summary: 'Add a peer authority (name, base URL, ed25519 public key in PEM)', body: z.object({ name: z.string().max(200), url: z.string().max(500), publicKey: z.string().max(2000) }) } },
    async (req, reply) => reply.code(201).send(await addPeer(req.ctx, req.body)),
  );
  r.patch('/api/exchange/peers/:id', { schema: { tags, summary: 'Enable or disable a peer', params: Id, body: z.object({ active: z.boolean() }) } }, async (req) => setPeerActive(req.ctx, req.params.id, req.body.active));

  r.get('/api/exchange/outbox', { schema: { tags, summary: 'Messages sent and waiting, newest first' } }, async (req) => {
    assertExchangeReader(req.ctx.actor);
    return { messages: await outboxSummary(req.ctx.db) };
  });
  r.post('/api/exchange/outbox/deliver', { schema: { tags, summary: 'Try delivering waiting messages now (administrators)' } }, async (req) => {
    assertPeerAdmin(req.ctx.actor);
    return deliverPending(req.ctx);
  });

  caseworkRoutes(app);
}

/** Denials, consultations and the classification exchange: the officers' side. */
function caseworkRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/exchange/denials', { schema: { tags, summary: "This authority's active denials: where each was shared, last review, review due" } }, async (req) => listOwnDenials(req.ctx));
  r.post(
    '/api/exchange/denials/share',
    { schema: { tags, summary: 'Share chosen denials with peers (all active peers unless peerIds is given)', body: z.object({ denialIds: z.array(z.string().max(100)).max(500), peerIds: z.array(z.string().max(100)).max(100).nullish() }) } },
    async (req) => shareDenials(req.ctx, { denialIds: req.body.denialIds, peerIds: req.body.peerIds ?? undefined }),
  );
  r.post('/api/exchange/denials/:id/revoke', { schema: { tags, summary: 'Revoke a denial; every peer it was shared with is notified', params: Id, body: z.object({ reason: z.string().max(2000) }) } }, async (req) =>
    revokeDenial(req.ctx, req.params.id, req.body.reason),
  );
  r.post(
    '/api/exchange/denials/:id/review',
    { schema: { tags, summary: 'Periodic review of a denial: keep it in force or revoke it', params: Id, body: z.object({ decision: z.enum(['keep', 'revoke']), reason: z.string().max(2000) }) } },
    async (req) => reviewDenial(req.ctx, req.params.id, req.body),
  );

  r.get('/api/exchange/cases', { schema: { tags, summary: 'Open cases blocked until another authority is consulted' } }, async (req) => casesAwaitingConsultation(req.ctx));
  r.get('/api/exchange/cases/:id/consultations', { schema: { tags, summary: "Peers' denials this case must consult on, and its consultations", params: Id } }, async (req) => caseConsultations(req.ctx, req.params.id));
  r.get(
    '/api/exchange/consultations',
    { schema: { tags, summary: 'Consultations sent and received', querystring: z.object({ direction: z.enum(['inbound', 'outbound']).optional(), status: z.enum(['open', 'answered', 'expired']).optional() }) } },
    async (req) => listConsultations(req.ctx, req.query),
  );
  r.post(
    '/api/exchange/consultations',
    {
      schema: {
        tags,
        summary: 'Consult the authority that denied an essentially identical transaction; the case stays blocked until it answers or the deadline passes',
        body: z.object({ applicationId: z.string().max(100), denialReference: z.string().max(300), question: z.string().max(5000), deadlineDays: z.number().int().min(1).max(90).nullish() }),
      },
    },
    async (req, reply) => reply.code(201).send(await startConsultation(req.ctx, { ...req.body, deadlineDays: req.body.deadlineDays ?? undefined })),
  );
  r.post(
    '/api/exchange/consultations/:id/answer',
    { schema: { tags, summary: "Answer a peer's consultation about one of our denials", params: Id, body: z.object({ answer: z.enum(['no_objection', 'object']), comment: z.string().max(5000).nullish() }) } },
    async (req) => answerConsultation(req.ctx, req.params.id, req.body),
  );

  r.get('/api/public/exchange/classification', { config: { public: true }, schema: { tags, summary: 'Our published rulings and control-entry correspondences as signed open data (format clearway-classification-exchange v1)' } }, async (req) =>
    exportClassification(req.ctx),
  );
  r.get('/api/public/exchange/classification.schema.json', { config: { public: true }, schema: { tags, summary: 'JSON Schema of the classification exchange document' } }, async () => classificationExchangeJsonSchema());
  r.post('/api/exchange/classification/import', { bodyLimit: 64 * 1024 * 1024, schema: { tags, summary: "Import a peer's signed classification document (rejected whole when invalid or not signed by a peer)", body: z.object({ document: z.unknown() }) } }, async (req) =>
    importClassification(req.ctx, req.body.document),
  );
  r.post('/api/exchange/peers/:id/classification/fetch', { schema: { tags, summary: "Fetch a peer's published classification document and import it", params: Id } }, async (req) => fetchClassification(req.ctx, req.params.id));
  r.get(
    '/api/exchange/classification/rulings',
    { schema: { tags, summary: "Peers' published rulings, by control code prefix or words", querystring: z.object({ code: z.string().max(60).optional(), q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }) } },
    async (req) => listPeerRulings(req.ctx, req.query),
  );
}
