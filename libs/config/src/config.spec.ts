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
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ DB_PREPARE: 'sometimes' }, /DB_PREPARE/],
  ])('a bad variable stops the start, named: %p', (env, name) => {
    expect(() => loadConfig(env as Record<string, string>)).toThrow(ConfigError);
    expect(() => loadConfig(env as Record<string, string>)).toThrow(name);
  });
});
