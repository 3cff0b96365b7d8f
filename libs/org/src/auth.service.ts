import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { Unauthenticated, type Actor } from '../../domain/src';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { OrgService } from './org.service';

/** Login, tokens, and the first administrator. */
@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly log = new Logger(AuthService.name);

  constructor(
    private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly org: OrgService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureAdmin();
  }

  async login(username: string, password: string) {
    const rows: Array<{ hash: string }> = await this.db.query(
      `SELECT password_hash AS hash FROM users WHERE username = $1`,
      [username],
    );
    const ok = await verifyPassword(password, rows[0]?.hash ?? DUMMY_HASH);
    if (!rows[0] || !ok) throw new Unauthenticated('Sai tên đăng nhập hoặc mật khẩu');
    const user = (await this.org.getUser(username))!;
    const accessToken = await this.jwt.signAsync({ sub: username });
    return { accessToken, user };
  }

  /** The caller behind a bearer token, or Unauthenticated. */
  async authenticate(token: string): Promise<Actor> {
    let sub: unknown;
    try {
      ({ sub } = await this.jwt.verifyAsync<{ sub: string }>(token));
    } catch (e) {
      const expired = (e as Error).name === 'TokenExpiredError';
      throw new Unauthenticated(expired ? 'Phiên đăng nhập đã hết hạn' : 'Mã truy cập không hợp lệ');
    }
    const actor = typeof sub === 'string' ? await this.org.findActorCached(sub) : null;
    if (!actor) throw new Unauthenticated('Người dùng không còn tồn tại');
    return actor;
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
      [adminUsername, await hashPassword(password)],
    );
    this.log.log(`created the administrator "${adminUsername}"`);
  }
}

/** The JWT secret: JWT_SECRET, else one generated once and kept in PostgreSQL for every process. */
export async function resolveJwtSecret(db: DataSource, config: AppConfig): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  await db.query(`INSERT INTO settings (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING`, [
    randomBytes(32).toString('hex'),
  ]);
  const rows = await db.query(`SELECT value FROM settings WHERE key = 'jwt_secret'`);
  return rows[0].value;
}
