import type { FastifyInstance } from 'fastify';

/**
 * Graceful shutdown: a request received before close() still gets its answer (Fastify waits for it), and that answer
 * carries `Connection: close`, so its keep-alive connection ends with it instead of holding the process open until the
 * forced exit (server.close() only closes the connections that are idle when it is called).
 */
export function closeConnectionsWhenClosing(app: FastifyInstance) {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}
