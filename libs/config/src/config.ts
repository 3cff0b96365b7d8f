import { Duration, parseDuration } from './duration';

/**
 * The one validated view of the environment. Nothing else in examflow reads
 * process.env: it asks for AppConfig. A bad variable stops the start, named.
 */
export interface AppConfig {
  port: number;
  /** The address the API listens on: 127.0.0.1 unless told (a container sets 0.0.0.0). */
  host: string;
  /** The bearer token /metrics asks for; unset, /metrics answers only to this machine (loopback). */
  metricsToken?: string;
  /** Unset means: start an embedded PostgreSQL under dataDir. */
  databaseUrl?: string;
  databaseReadUrl?: string;
  /** Unset means: start a local redis-server under dataDir. */
  redisUrl?: string;
  jwtSecret?: string;
  jwtExpiresIn: string;
  /** Encrypts signers' private keys at rest; unset: generated into <data dir>/signing-key. */
  signingKey?: string;
  adminUsername: string;
  adminPassword?: string;
  escalationAfter: Duration;
  /** How long before a deadline the first reminder goes out. */
  reminderBefore: Duration;
  /** Within how long of its arrival an urgent incoming item must be registered (SPEC §7). */
  urgentRegistration: Duration;
  /** Within how long of its signature an urgent (or more) document must be sent (SPEC §9, Nghị định 30 Điều 18.1). */
  urgentDissemination: Duration;
  /**
   * The newest workflow version new documents start on (WORKFLOW_ROLLOUT; 0: the newest there is).
   * Every version stays registered, so a document always finishes on the one it recorded; setting
   * it back holds a new version's rollout without stranding what already started on it.
   */
  workflowRollout: number;
  /** How often the sweep relays the outbox and repairs what the queue lost (ms). */
  sweepIntervalMs: number;
  /** How late past its time a step may be before the sweep fires it itself (ms). */
  sweepGraceMs: number;
  smtpUrl?: string;
  /** Sender address of e-mails. */
  smtpFrom: string;
  queuePrefix: string;
  dataDir: string;
  /** Size of the pg pool of each process. */
  dbPoolSize: number;
  /** Whether parameterised statements are prepared once per connection (off behind a transaction-mode pooler). */
  dbPrepare: boolean;
  /** The built web app (WEB_DIR); unset: where `npm run build` puts it. */
  webDir: string | null;
  /** log2 of scrypt's N for new password hashes (PASSWORD_HASH_COST, 14–20; 17 is OWASP's figure). */
  passwordHashCost: number;
  /**
   * Which proxies' X-Forwarded-For to believe (TRUST_PROXY: a hop count, or addresses and subnets, or
   * `loopback`): the client address that the login throttle and the audit log see. Unset: none.
   */
  trustProxy: number | string[] | false;
  /** The largest file an upload takes, in bytes (FILE_MAX_MB, default 50). */
  fileMaxBytes: number;
  /** How long a request may take to arrive whole (REQUEST_TIMEOUT, default 30 s). */
  requestTimeoutMs: number;
  /** The same for a file upload (UPLOAD_TIMEOUT, default 15 min: 50 MB at 0.5 Mbit/s). */
  uploadTimeoutMs: number;
  /** A real certificate authority (PEM files) for the signers' and agencies' certificates; unset: one made once. */
  caCertFile?: string;
  caKeyFile?: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

/** Secrets seen in examples and old defaults: refused wherever they are set. */
const KNOWN_WEAK = new Set(
  [
    'change-me-to-a-long-random-secret',
    'change-me-now',
    'changeme',
    'change-me',
    'secret',
    'password',
    'examflow',
    'admin',
    'jwt-secret',
    'your-secret-key',
  ].map((s) => s.toLowerCase()),
);

/**
 * Why a secret is too weak to sign tokens or guard keys, or null: at least
 * 32 characters, not a known example, and not one character repeated or a
 * short pattern (at least 10 different characters).
 */
export function secretProblem(value: string): string | null {
  if (KNOWN_WEAK.has(value.toLowerCase())) return 'is a known example value';
  if (value.length < 32) return 'must be at least 32 characters (e.g. `openssl rand -hex 32`)';
  if (new Set(value).size < 10) return 'is too regular (fewer than 10 different characters)';
  return null;
}

type Env = Record<string, string | undefined>;

function nonEmpty(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const v = nonEmpty(env, name)?.toLowerCase();
  if (v === undefined) return fallback;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${v}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const v = nonEmpty(env, name);
  if (v === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(`${name} is not a URL: "${v}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return v;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const v = nonEmpty(env, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${v}"`);
  }
  return n;
}

function duration(env: Env, name: string, fallback: string): Duration {
  try {
    return parseDuration(nonEmpty(env, name) ?? fallback);
  } catch (e) {
    throw new ConfigError(`${name}: ${(e as Error).message}`);
  }
}

function wallClockMs(env: Env, name: string, fallback: string, minMs: number): number {
  const d = duration(env, name, fallback);
  if (d.kind !== 'wall_clock') throw new ConfigError(`${name} must be a wall-clock duration (e.g. 30s, 1m), not working days`);
  if (d.ms < minMs) throw new ConfigError(`${name} must be at least ${minMs} ms`);
  return d.ms;
}

function trustProxy(env: Env): number | string[] | false {
  const v = nonEmpty(env, 'TRUST_PROXY');
  if (v === undefined || v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  // "true" would believe any X-Forwarded-For, so anyone could pick the address the throttle counts.
  if (v === 'true') throw new ConfigError('TRUST_PROXY must name the proxies (a hop count such as 1, or addresses such as loopback,10.0.0.0/8), not "true"');
  const list = v.split(',').map((x) => x.trim()).filter(Boolean);
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  const bad = list.find((x) => !named.has(x) && !/^[0-9a-f.:]+(\/\d{1,3})?$/i.test(x));
  if (bad) throw new ConfigError(`TRUST_PROXY: "${bad}" is neither an address, a subnet nor loopback/linklocal/uniquelocal`);
  return list;
}

function caFiles(env: Env): { caCertFile?: string; caKeyFile?: string } {
  const caCertFile = nonEmpty(env, 'CA_CERT_FILE');
  const caKeyFile = nonEmpty(env, 'CA_KEY_FILE');
  if ((caCertFile === undefined) !== (caKeyFile === undefined)) {
    throw new ConfigError('CA_CERT_FILE and CA_KEY_FILE go together: set both (a CA certificate and its private key, PEM) or neither');
  }
  return caCertFile ? { caCertFile, caKeyFile } : {};
}

function metricsToken(env: Env): string | undefined {
  const token = nonEmpty(env, 'METRICS_TOKEN');
  if (token !== undefined && token.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  return token;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const jwtExpiresIn = nonEmpty(env, 'JWT_EXPIRES_IN') ?? '8h';
  if (!/^\d+[smhd]?$/.test(jwtExpiresIn)) {
    throw new ConfigError(`JWT_EXPIRES_IN must look like 3600, 15m, 8h or 1d, got "${jwtExpiresIn}"`);
  }
  // Outside the zero-config local start (DATABASE_URL set: a real deployment, perhaps several machines),
  // every secret must be given, and strong: nothing is generated, nothing defaults.
  const local = nonEmpty(env, 'DATABASE_URL') === undefined;
  const secret = (name: string): string | undefined => {
    const value = nonEmpty(env, name);
    if (value === undefined) {
      if (local) return undefined;
      throw new ConfigError(`${name} must be set when DATABASE_URL is (only the zero-config local start generates its own)`);
    }
    const problem = secretProblem(value);
    if (problem) throw new ConfigError(`${name} ${problem}`);
    return value;
  };
  const signingKey = secret('SIGNING_KEY');
  const queuePrefix = nonEmpty(env, 'QUEUE_PREFIX') ?? '{examflow}';
  if (/\s/.test(queuePrefix)) throw new ConfigError('QUEUE_PREFIX must not contain spaces');
  const jwtSecret = secret('JWT_SECRET');
  const adminPassword = nonEmpty(env, 'ADMIN_PASSWORD');
  if (adminPassword !== undefined && (adminPassword.length < 12 || KNOWN_WEAK.has(adminPassword.toLowerCase()))) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 12 characters and not an example value');
  }
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: nonEmpty(env, 'HOST') ?? '127.0.0.1',
    metricsToken: metricsToken(env),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseReadUrl: url(env, 'DATABASE_READ_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    jwtSecret,
    jwtExpiresIn,
    signingKey,
    adminUsername: nonEmpty(env, 'ADMIN_USERNAME') ?? 'admin',
    adminPassword,
    escalationAfter: duration(env, 'ESCALATION_AFTER', '1wd'),
    reminderBefore: duration(env, 'REMINDER_BEFORE', '1d'),
    urgentRegistration: duration(env, 'URGENT_REGISTRATION', '2h'),
    urgentDissemination: duration(env, 'URGENT_DISSEMINATION', '2h'),
    workflowRollout: int(env, 'WORKFLOW_ROLLOUT', 0, 0, 1000),
    sweepIntervalMs: wallClockMs(env, 'SWEEP_INTERVAL', '1m', 200),
    sweepGraceMs: wallClockMs(env, 'SWEEP_GRACE', '5s', 0),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    smtpFrom: nonEmpty(env, 'SMTP_FROM') ?? 'examflow <no-reply@examflow.local>',
    queuePrefix,
    dataDir: nonEmpty(env, 'EXAMFLOW_DATA_DIR') ?? '.data',
    dbPoolSize: int(env, 'DB_POOL_SIZE', 20, 1, 500),
    dbPrepare: bool(env, 'DB_PREPARE', true),
    webDir: nonEmpty(env, 'WEB_DIR') ?? null,
    passwordHashCost: int(env, 'PASSWORD_HASH_COST', 17, 14, 20),
    trustProxy: trustProxy(env),
    fileMaxBytes: int(env, 'FILE_MAX_MB', 50, 1, 2048) * 1024 * 1024,
    requestTimeoutMs: wallClockMs(env, 'REQUEST_TIMEOUT', '30s', 1000),
    uploadTimeoutMs: wallClockMs(env, 'UPLOAD_TIMEOUT', '15m', 1000),
    ...caFiles(env),
  };
}
