import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are stored as scrypt hashes (a deliberately slow, memory-hard KDF)
 * in the form `scrypt$N$r$p$salt$key`, so that a hash made under older
 * parameters still verifies and is replaced at the next login (needsRehash).
 *
 * The cost is log2(N) (PASSWORD_HASH_COST): 17 by default, OWASP's figure for
 * scrypt (N=2^17, r=8, p=1: 128 MiB and ~0.5 s on one core of this machine).
 */
export const DEFAULT_HASH_COST = 17;
const R = 8;
const P = 1;
const KEYLEN = 32;

/**
 * Hashes at once, at most: each takes 2^cost × 1 KiB of memory and a thread of
 * libuv's pool for a good fraction of a second, and a burst of logins must not
 * take every thread (the pool also serves the file system and DNS) nor the
 * memory. The others wait their turn, in order.
 */
const HASHING_AT_ONCE = 2;
let hashing = 0;
const waiting: Array<() => void> = [];

async function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  // A slot is taken here, or handed over by the hash that frees it (so that nobody overtakes the queue).
  if (hashing < HASHING_AT_ONCE) hashing++;
  else await new Promise<void>((go) => waiting.push(go));
  try {
    // Node refuses more than 32 MiB unless told: allow what these parameters need, and a margin.
    const maxmem = 256 * (opts.N ?? 0) * (opts.r ?? R) + 16 * 1024 * 1024;
    return await new Promise((ok, fail) =>
      scryptCb(password, salt, keylen, { ...opts, maxmem }, (e, key) => (e ? fail(e) : ok(key))),
    );
  } finally {
    const next = waiting.shift();
    if (next) next();
    else hashing--;
  }
}

export async function hashPassword(password: string, cost = DEFAULT_HASH_COST): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost;
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algo, n, r, p, salt, key] = stored.split('$');
  if (algo !== 'scrypt' || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(expected, actual);
}

/** Whether a stored hash was made with weaker parameters than `cost` asks for now (then the login replaces it). */
export function needsRehash(stored: string, cost = DEFAULT_HASH_COST): boolean {
  const [algo, n, r, p] = stored.split('$');
  return algo !== 'scrypt' || Number(n) < 2 ** cost || Number(r) < R || Number(p) < P;
}

/** A hash of nothing at `cost`, compared against when the user does not exist, so both paths cost the same. */
export function dummyHash(cost = DEFAULT_HASH_COST): string {
  return `scrypt$${2 ** cost}$${R}$${P}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEYLEN).toString('base64')}`;
}
