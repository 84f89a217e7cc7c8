import { generateKeyPairSync } from 'node:crypto';
import type { Role } from '../../src/platform/auth/roles.js';
import { newId } from '../../src/platform/ids.js';
import type { Ids, SweepFixtures, SweepSuite } from './types.js';

const READERS: Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight'];
const OFFICERS: Role[] = ['licensing_officer', 'senior_officer'];
const pem = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** A peer (unreachable address) and a consultation it sent us, to answer. */
async function setup({ t, users }: SweepFixtures): Promise<Ids> {
  const peer = await t.as(users.admin).post('/api/exchange/peers', { name: 'Sweep peer', url: 'http://127.0.0.1:9', publicKey: pem() });
  if (peer.statusCode !== 201) throw new Error(peer.body);
  const consultation = newId();
  await t.deps.db
    .insertInto('exch_consultations')
    .values({ id: consultation, direction: 'inbound', peer_id: peer.json().id, exchange_id: newId(), application_id: null, denial_reference: 'GBR/2026/1', summary: '{}', question: 'Do you object?', deadline: '2027-01-01T00:00:00.000Z', status: 'open', answer: null, answer_comment: null, asked_by: null, answered_by: null, created_at: new Date().toISOString(), answered_at: null })
    .execute();
  return { peer: peer.json().id, consultation };
}

/** Every exchange endpoint, with who may call it. */
export const exchangeSweep: SweepSuite = {
  domain: 'exchange',
  setup,
  strictStatus: true,
  cases: [
    { method: 'GET', url: '/api/public/exchange/key', public: true, allow: 'all', status: 200 },
    // Signed messages authenticate themselves; an unsigned body is a 400 for anyone.
    { method: 'POST', url: '/api/exchange/inbox', body: { hello: 'world' }, public: true, allow: 'all', status: 400 },
    { method: 'GET', url: '/api/exchange/keys', allow: ['admin'], status: 200 },
    { method: 'GET', url: '/api/exchange/peers', allow: READERS, status: 200 },
    { method: 'POST', url: '/api/exchange/peers', body: () => ({ name: `Peer ${newId().slice(0, 8)}`, url: 'https://peer.example.gov', publicKey: pem() }), allow: ['admin'], status: 201 },
    { method: 'PATCH', url: (i) => `/api/exchange/peers/${i.peer}`, body: { active: true }, allow: ['admin'], status: 200 },
    { method: 'GET', url: '/api/exchange/outbox', allow: READERS, status: 200 },
    { method: 'POST', url: '/api/exchange/outbox/deliver', allow: ['admin'], status: 200 },
    { method: 'GET', url: '/api/exchange/denials', allow: READERS, status: 200 },
    { method: 'POST', url: '/api/exchange/denials/share', body: { denialIds: ['not-a-denial'] }, allow: OFFICERS, status: 400 },
    { method: 'POST', url: '/api/exchange/denials/not-a-denial/revoke', body: { reason: 'sweep' }, allow: OFFICERS, status: 404 },
    { method: 'POST', url: '/api/exchange/denials/not-a-denial/review', body: { decision: 'keep', reason: 'sweep' }, allow: OFFICERS, status: 404 },
    { method: 'GET', url: '/api/exchange/cases', allow: READERS, status: 200 },
    { method: 'GET', url: '/api/exchange/cases/not-a-case/consultations', allow: READERS, status: 404 },
    { method: 'GET', url: '/api/exchange/consultations?direction=inbound', allow: READERS, status: 200 },
    { method: 'POST', url: '/api/exchange/consultations', body: { applicationId: 'not-a-case', denialReference: 'x', question: 'Do you object to this licence?' }, allow: OFFICERS, status: 404 },
    { method: 'GET', url: '/api/public/exchange/classification', public: true, allow: 'all', status: 200 },
    { method: 'GET', url: '/api/public/exchange/classification.schema.json', public: true, allow: 'all', status: 200 },
    { method: 'POST', url: '/api/exchange/classification/import', body: { document: { format: 'nope' } }, allow: OFFICERS, status: 400 },
    // The sweep's peer listens nowhere: fetching its rulings is a 400 that says so.
    { method: 'POST', url: (i) => `/api/exchange/peers/${i.peer}/classification/fetch`, allow: OFFICERS, status: 400 },
    { method: 'GET', url: '/api/exchange/classification/rulings?code=5A002', allow: READERS, status: 200 },
    { method: 'POST', url: (i) => `/api/exchange/consultations/${i.consultation}/answer`, body: { answer: 'no_objection' }, allow: OFFICERS, status: [200, 409] },
  ],
};
