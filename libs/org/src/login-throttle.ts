import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { TooManyAttempts } from '../../domain/src';
import { RedisConnection } from '../../queue/src';

/** Failed logins counted over this window. */
const WINDOW_MS = 15 * 60_000;
/** Failures allowed before the waits begin: per username (someone mistyping) and per address (one client guessing many). */
const FREE = { user: 5, address: 20 } as const;
/** The longest wait. */
const MAX_WAIT_MS = 15 * 60_000;

/**
 * Failed logins slow down who makes them, in Redis so that every API
 * process sees the same count: after FREE failures for a username, or from
 * an address, each further failure makes the next attempt wait twice as
 * long (1 s, 2 s, 4 s … 15 min), answered 429 with Retry-After and without
 * the password being hashed at all. A success clears the username's count;
 * the right password works as soon as the wait is over. If Redis does not
 * answer, logins are not throttled (the service stays usable; the hashing
 * cap still holds).
 */
@Injectable()
export class LoginThrottle {
  private readonly log = new Logger(LoginThrottle.name);
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.queuePrefix}:login`;
  }

  private keys(username: string, address: string) {
    return [
      { kind: 'user' as const, count: `${this.prefix}:u:${username}`, lock: `${this.prefix}:u:${username}:wait` },
      { kind: 'address' as const, count: `${this.prefix}:a:${address}`, lock: `${this.prefix}:a:${address}:wait` },
    ];
  }

  /** Throws TooManyAttempts while the username or the address must wait. */
  async check(username: string, address: string): Promise<void> {
    let waits: Array<number>;
    try {
      waits = await Promise.all(this.keys(username, address).map((k) => this.redis.client.pttl(k.lock)));
    } catch (e) {
      this.log.warn(`login throttle unavailable (${(e as Error).message}): not throttling`);
      return;
    }
    const ms = Math.max(...waits);
    if (ms > 0) throw new TooManyAttempts(Math.ceil(ms / 1000));
  }

  async failed(username: string, address: string): Promise<void> {
    try {
      for (const k of this.keys(username, address)) {
        const [[, n]] = (await this.redis.client.multi().incr(k.count).pexpire(k.count, WINDOW_MS).exec()) as [[unknown, number]];
        if (n > FREE[k.kind]) {
          const wait = Math.min(MAX_WAIT_MS, 1000 * 2 ** (n - FREE[k.kind] - 1));
          await this.redis.client.set(k.lock, '1', 'PX', wait);
        }
      }
    } catch (e) {
      this.log.warn(`login throttle unavailable (${(e as Error).message})`);
    }
  }

  async succeeded(username: string, address: string): Promise<void> {
    const [user] = this.keys(username, address);
    await this.redis.client.del(user.count, user.lock).catch(() => undefined);
  }
}
