/** Stable error codes; listed with their HTTP status in docs/errors.md. */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'locked'
  | 'csrf_failed'
  | 'not_ready'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  locked: 423,
  rate_limited: 429,
  not_ready: 503,
  internal: 500,
};

/** The one error type services throw; the HTTP layer maps `code` to a status. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') => new AppError('forbidden', message);
export const unauthenticated = () =>
  new AppError('unauthenticated', 'Sign in first: POST /api/auth/login, or send Authorization: Bearer <token>');
export const conflict = (message: string) => new AppError('conflict', message);
export const invalid = (fields: Record<string, string>, message = 'Some fields are invalid') =>
  new AppError('validation_failed', message, fields);
export const unprocessable = (message: string, fields?: Record<string, string>) =>
  new AppError('unprocessable', message, fields);
