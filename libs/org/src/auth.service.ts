import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { APP_CONFIG, localSecret, type AppConfig } from '../../config/src';
import { InvalidInput, Unauthenticated, type Actor } from '../../domain/src';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password';
import { passwordProblems } from './password-policy';
import { OrgService } from './org.service';
import { LoginThrottle } from './login-throttle';
import { AuditService } from '../../audit/src';

/** Login, tokens, and the first administrator. */
@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly log = new Logger(AuthService.name);

  constructor(
    private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly org: OrgService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureAdmin();
  }

  /** `address`: the client's, for the throttle (a guesser from one place is slowed whatever names it tries). */
  async login(username: string, password: string, address = 'unknown') {
    try {
      await this.throttle.check(username, address);
    } catch (e) {
      void this.audit.record({ actor: username, address, action: 'login.throttled' });
      throw e;
    }
    const rows: Array<{ hash: string; tokenVersion: number; disabled: boolean }> = await this.db.query(
      `SELECT password_hash AS hash, token_version AS "tokenVersion", disabled FROM users WHERE username = $1`,
      [username],
    );
    const ok = await verifyPassword(password, rows[0]?.hash ?? dummyHash(this.config.passwordHashCost));
    // A disabled user is told the same as a wrong password: the answer does not say who exists.
    if (!rows[0] || !ok || rows[0].disabled) {
      await this.throttle.failed(username, address);
      void this.audit.record({ actor: username, address, action: 'login.failed', detail: rows[0]?.disabled ? { disabled: true } : null });
      throw new Unauthenticated('Sai tên đăng nhập hoặc mật khẩu');
    }
    await this.throttle.succeeded(username, address);
    // A hash made under weaker parameters than PASSWORD_HASH_COST asks for now is replaced while the password
    // is at hand (the tokens stand: the password is the same).
    if (needsRehash(rows[0].hash, this.config.passwordHashCost)) {
      await this.db.query(`UPDATE users SET password_hash = $3 WHERE username = $1 AND password_hash = $2`, [
        username,
        rows[0].hash,
        await hashPassword(password, this.config.passwordHashCost),
      ]);
    }
    const user = (await this.org.getUser(username))!;
    const accessToken = await this.jwt.signAsync({ sub: username, ver: rows[0].tokenVersion });
    return { accessToken, user };
  }

  /** The caller behind a bearer token, or Unauthenticated. */
  async authenticate(token: string): Promise<Actor> {
    let sub: unknown;
    let exp: unknown;
    let ver: unknown;
    try {
      ({ sub, exp, ver } = await this.jwt.verifyAsync<{ sub: string; exp?: number; ver?: number }>(token));
    } catch (e) {
      const expired = (e as Error).name === 'TokenExpiredError';
      throw new Unauthenticated(expired ? 'Phiên đăng nhập đã hết hạn' : 'Mã truy cập không hợp lệ');
    }
    // A token without an expiry never ends: examflow never signs one, so it is not examflow's.
    if (typeof exp !== 'number') throw new Unauthenticated('Mã truy cập không hợp lệ');
    const session = typeof sub === 'string' ? await this.org.findSessionCached(sub) : null;
    if (!session) throw new Unauthenticated('Người dùng không còn tồn tại');
    // The password changed, the user moved or was disabled, or logged out since: this token has ended.
    if (session.disabled || ver !== session.tokenVersion) throw new Unauthenticated('Phiên đăng nhập đã kết thúc; hãy đăng nhập lại');
    return session.actor;
  }

  /**
   * The caller chooses a new password (`currentPassword` proves it is them, and counts against the login
   * throttle like a login). Every other session ends; the answer is a new token for this one.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, address = 'unknown') {
    const username = actor.username;
    await this.throttle.check(username, address);
    const [row]: Array<{ hash: string }> = await this.db.query(
      `SELECT password_hash AS hash FROM users WHERE username = $1`,
      [username],
    );
    if (!row || !(await verifyPassword(currentPassword, row.hash))) {
      await this.throttle.failed(username, address);
      void this.audit.record({ actor: username, address, action: 'password.change_failed' });
      throw new InvalidInput(['currentPassword: mật khẩu hiện tại không đúng']);
    }
    await this.throttle.succeeded(username, address);
    const problems = passwordProblems(newPassword, username, 'chosen').map((p) => `newPassword: ${p}`);
    if (newPassword === currentPassword) problems.push('newPassword: mật khẩu mới phải khác mật khẩu hiện tại');
    if (problems.length) throw new InvalidInput(problems);
    const hash = await hashPassword(newPassword, this.config.passwordHashCost);
    // An UPDATE through TypeORM answers [rows, count].
    const [[updated]]: [Array<{ tokenVersion: number }>, number] = await this.db.query(
      `UPDATE users SET password_hash = $2, must_change_password = false, token_version = token_version + 1,
                        updated_at = now()
        WHERE username = $1 RETURNING token_version AS "tokenVersion"`,
      [username, hash],
    );
    this.org.forget(username);
    void this.audit.record({ actor: username, address, action: 'password.change' });
    const accessToken = await this.jwt.signAsync({ sub: username, ver: updated.tokenVersion });
    return { accessToken, user: (await this.org.getUser(username))! };
  }

  /** Ends the caller's tokens, everywhere they are signed in. */
  async logout(actor: Actor, address?: string): Promise<void> {
    await this.org.endSessions(actor.username);
    void this.audit.record({ actor: actor.username, address, action: 'logout' });
  }

  /**
   * Creates ADMIN_USERNAME when it does not exist. Without ADMIN_PASSWORD a
   * password is generated and written to <data dir>/admin-password.
   */
  private async ensureAdmin(): Promise<void> {
    const { adminUsername } = this.config;
    const exists = await this.db.query(`SELECT 1 FROM users WHERE username = $1`, [adminUsername]);
    if (exists.length) return;
    let password = this.config.adminPassword;
    if (!password) {
      password = randomBytes(12).toString('base64url');
      mkdirSync(this.config.dataDir, { recursive: true });
      const file = resolve(this.config.dataDir, 'admin-password');
      writeFileSync(file, `${password}\n`, { mode: 0o600 });
      this.log.warn(`ADMIN_PASSWORD is not set: generated the password of "${adminUsername}" into ${file}`);
    }
    await this.db.query(
      `INSERT INTO users (username, password_hash, full_name, position, title)
       VALUES ($1, $2, 'Quản trị hệ thống', 'admin', 'Quản trị viên')
       ON CONFLICT (username) DO NOTHING`,
      [adminUsername, await hashPassword(password, this.config.passwordHashCost)],
    );
    this.log.log(`created the administrator "${adminUsername}"`);
  }
}

/** The JWT secret: JWT_SECRET, else (the zero-config local start only) one generated once under the data directory. */
export function resolveJwtSecret(config: AppConfig): string {
  return config.jwtSecret ?? localSecret(config.dataDir, 'jwt-secret').value;
}
