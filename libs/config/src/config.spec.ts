import { ConfigError, loadConfig } from './config';
import { parseDuration } from './duration';

describe('configuration', () => {
  it('has defaults for a first run', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, adminUsername: 'admin', queuePrefix: '{examflow}', jwtExpiresIn: '8h' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.escalationAfter).toEqual({ kind: 'working_days', days: 1 });
    expect(c.dbPrepare).toBe(true);
    expect(loadConfig({ DB_PREPARE: 'false' }).dbPrepare).toBe(false);
    expect(loadConfig({ DB_PREPARE: '0' }).dbPrepare).toBe(false);
  });

  it('takes the web app’s directory from WEB_DIR; unset or blank, the build’s own place', () => {
    expect(loadConfig({}).webDir).toBeNull();
    expect(loadConfig({ WEB_DIR: '  ' }).webDir).toBeNull();
    expect(loadConfig({ WEB_DIR: ' /srv/examflow/web ' }).webDir).toBe('/srv/examflow/web');
  });

  it('outside the zero-config start every secret must be given, and strong; nothing defaults', () => {
    const strong = { JWT_SECRET: 'k3v9-Qa7x-Lm2p-Zr8t-Wc4y-Hd6n-Bf1s', SIGNING_KEY: 'S1gn-9fQe-27Lx-pV3m-Tz8w-Yc5r-Kd0h-Nb4j' };
    const db = { DATABASE_URL: 'postgres://u@db/examflow' };
    expect(() => loadConfig({ ...db, SIGNING_KEY: strong.SIGNING_KEY })).toThrow(/JWT_SECRET must be set when DATABASE_URL is/);
    expect(() => loadConfig({ ...db, JWT_SECRET: strong.JWT_SECRET })).toThrow(/SIGNING_KEY must be set when DATABASE_URL is/);
    expect(loadConfig({ ...db, ...strong }).jwtSecret).toBe(strong.JWT_SECRET);
    // The local start generates its own (out of sight, under the data directory).
    expect(loadConfig({}).jwtSecret).toBeUndefined();
  });

  it('hashes passwords at OWASP’s scrypt cost unless told; believes X-Forwarded-For only from the proxies named', () => {
    expect(loadConfig({}).passwordHashCost).toBe(17);
    expect(loadConfig({ PASSWORD_HASH_COST: '15' }).passwordHashCost).toBe(15);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({})).toMatchObject({ fileMaxBytes: 50 * 1024 * 1024, requestTimeoutMs: 30_000, uploadTimeoutMs: 900_000 });
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::1']);
  });

  it('parses durations', () => {
    expect(parseDuration('2s')).toEqual({ kind: 'wall_clock', ms: 2000 });
    expect(parseDuration('15m')).toEqual({ kind: 'wall_clock', ms: 900_000 });
    expect(parseDuration('2h')).toEqual({ kind: 'wall_clock', ms: 7_200_000 });
    expect(parseDuration('3wd')).toEqual({ kind: 'working_days', days: 3 });
    expect(() => parseDuration('soon')).toThrow();
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ REDIS_URL: 'not a url' }, /REDIS_URL/],
    [{ ESCALATION_AFTER: '1 fortnight' }, /ESCALATION_AFTER/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ JWT_SECRET: 'change-me-to-a-long-random-secret' }, /JWT_SECRET is a known example value/],
    [{ JWT_SECRET: 'a'.repeat(40) }, /JWT_SECRET is too regular/],
    [{ SIGNING_KEY: 'only-twenty-chars-xx' }, /SIGNING_KEY must be at least 32/],
    [{ ADMIN_PASSWORD: 'change-me-now' }, /ADMIN_PASSWORD/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ DB_PREPARE: 'sometimes' }, /DB_PREPARE/],
    [{ PASSWORD_HASH_COST: '12' }, /PASSWORD_HASH_COST must be an integer from 14 to 20/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY must name the proxies/],
    [{ FILE_MAX_MB: '0' }, /FILE_MAX_MB must be an integer from 1 to 2048/],
    [{ REQUEST_TIMEOUT: '2wd' }, /REQUEST_TIMEOUT must be a wall-clock duration/],
    [{ TRUST_PROXY: 'loopback, proxy.example.org' }, /"proxy.example.org" is neither/],
  ])('a bad variable stops the start, named: %p', (env, name) => {
    expect(() => loadConfig(env as Record<string, string>)).toThrow(ConfigError);
    expect(() => loadConfig(env as Record<string, string>)).toThrow(name);
  });
});
