import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors.js';

type Body = { error: { code: string; message: string; fields?: Record<string, string> } };
const body = (code: string, message: string, fields?: Record<string, string>): Body => ({
  error: fields ? { code, message, fields } : { code, message },
});

/** Maps every error to the JSON error shape; nothing a client sends can produce a 500. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError | ZodError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(body(err.code, err.message, err.fields));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || (v.params as any)?.issue?.path?.join('.') || err.validationContext || 'body';
        fields[path] = v.message ?? 'is invalid';
      }
      return reply.status(400).send(body('validation_failed', `Invalid ${err.validationContext ?? 'request'}: ${Object.entries(fields).map(([k, v]) => `${k} ${v}`).join('; ')}`, fields));
    }
    if (err instanceof ZodError) {
      const fields: Record<string, string> = {};
      for (const i of err.issues) fields[i.path.join('.') || 'body'] = i.message;
      return reply.status(400).send(body('validation_failed', 'Some fields are invalid', fields));
    }
    const fe = err as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
      case 'FST_FILES_LIMIT':
        return reply.status(413).send(body('payload_too_large', 'The request body is too large'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send(body('unsupported_media_type', 'Send JSON with Content-Type: application/json'));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send(body('bad_request', 'The JSON body is empty'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return reply.status(400).send(body('bad_request', 'The request body is not valid JSON'));
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return reply.status(415).send(body('unsupported_media_type', 'Send the file as multipart/form-data'));
    }
    // busboy (multipart) reports broken uploads as plain errors.
    if (/^(Multipart: |Unexpected end of (form|multipart data)|Malformed part header|Part terminated early)/.test(fe.message ?? ''))
      return reply.status(400).send(body('bad_request', `The upload is not valid multipart/form-data (${fe.message}); send the file as a form field named "file"`));
    if (fe.statusCode === 429) return reply.status(429).send(body('rate_limited', fe.message || 'Too many requests; wait a minute and try again'));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      if (fe instanceof SyntaxError) return reply.status(400).send(body('bad_request', 'The request body is not valid JSON'));
      return reply.status(fe.statusCode).send(body('bad_request', fe.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal', `Something went wrong on our side; quote request id ${req.id} when reporting it`));
  });
}
