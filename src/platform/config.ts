import { z } from 'zod';

/** Runtime configuration, read once from the environment and validated. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  adminEmail: string;
  adminPassword?: string;
  logLevel: string;
  /** Set cookies with the Secure flag (behind TLS). */
  secureCookies: boolean;
  sessionTtlHours: number;
  loginRateLimitPerMinute: number;
  /** Load the bundled real data on start. Tests switch this off and seed what they need. */
  seedOnStart: boolean;
  /** Run the background job runner in this process. */
  runJobs: boolean;
  dataDir: string;
  uploadDir: string;
  /** Policy pack applications are determined against on submission (this authority's regime). */
  authorityPolicy: 'eu' | 'us' | 'uk';
  /** Fastify `trustProxy`: false (default), true, a hop count, or a comma-separated list of proxy addresses/CIDRs. */
  trustProxy: boolean | number | string;
  /** ed25519 private key that signs audit checkpoints; created on first start, never stored in the database. */
  auditKeyFile: string;
  /** Where signed audit checkpoints are appended (one JSON per line), outside the database. */
  auditCheckpointFile: string;
  /** ed25519 private key that signs messages to peer authorities; created on first start, never stored in the database. */
  exchangeKeyFile: string;
  /** This authority's name as peers see it on signed messages. */
  authorityName: string;
  /** First retry delay of an undelivered exchange message; doubles per attempt up to an hour. */
  exchangeRetryBaseMs: number;
  /** Own denials come up for review after this many years. */
  denialReviewYears: number;
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().default('sqlite:./var/clearway.db'),
  CLEARWAY_ADMIN_EMAIL: z.string().email().default('admin@clearway.local'),
  CLEARWAY_ADMIN_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLEARWAY_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  CLEARWAY_SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  CLEARWAY_LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(20),
  CLEARWAY_SEED: z.enum(['true', 'false']).default('true'),
  CLEARWAY_JOBS: z.enum(['true', 'false']).default('true'),
  CLEARWAY_DATA_DIR: z.string().default('./data'),
  CLEARWAY_UPLOAD_DIR: z.string().default('./var/uploads'),
  CLEARWAY_AUTHORITY_POLICY: z.enum(['eu', 'us', 'uk']).default('eu'),
  CLEARWAY_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2}|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, 'must be true, false, a hop count or a comma-separated list of proxy addresses')
    .default('false'),
  CLEARWAY_AUDIT_KEY_FILE: z.string().min(1).default('./var/audit-signing-key.pem'),
  CLEARWAY_AUDIT_CHECKPOINT_FILE: z.string().min(1).default('./var/audit-checkpoints.jsonl'),
  CLEARWAY_EXCHANGE_KEY_FILE: z.string().min(1).default('./var/exchange-signing-key.pem'),
  CLEARWAY_AUTHORITY_NAME: z.string().min(1).max(200).default('Clearway licensing authority'),
  CLEARWAY_EXCHANGE_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  CLEARWAY_DENIAL_REVIEW_YEARS: z.coerce.number().int().min(1).max(10).default(3),
});

function trustProxyOf(v: string): boolean | number | string {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((x) => x.trim()).join(',');
}

/** Reads and validates configuration; throws a readable error naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    adminEmail: e.CLEARWAY_ADMIN_EMAIL,
    adminPassword: e.CLEARWAY_ADMIN_PASSWORD,
    logLevel: e.LOG_LEVEL,
    secureCookies: e.CLEARWAY_SECURE_COOKIES === 'true',
    sessionTtlHours: e.CLEARWAY_SESSION_TTL_HOURS,
    loginRateLimitPerMinute: e.CLEARWAY_LOGIN_RATE_LIMIT,
    seedOnStart: e.CLEARWAY_SEED === 'true',
    runJobs: e.CLEARWAY_JOBS === 'true',
    dataDir: e.CLEARWAY_DATA_DIR,
    uploadDir: e.CLEARWAY_UPLOAD_DIR,
    authorityPolicy: e.CLEARWAY_AUTHORITY_POLICY,
    trustProxy: trustProxyOf(e.CLEARWAY_TRUST_PROXY),
    auditKeyFile: e.CLEARWAY_AUDIT_KEY_FILE,
    auditCheckpointFile: e.CLEARWAY_AUDIT_CHECKPOINT_FILE,
    exchangeKeyFile: e.CLEARWAY_EXCHANGE_KEY_FILE,
    authorityName: e.CLEARWAY_AUTHORITY_NAME,
    exchangeRetryBaseMs: e.CLEARWAY_EXCHANGE_RETRY_BASE_MS,
    denialReviewYears: e.CLEARWAY_DENIAL_REVIEW_YEARS,
    ...overrides,
  };
}
