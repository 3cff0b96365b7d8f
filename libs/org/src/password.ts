import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Passwords are stored as scrypt hashes (a deliberately slow, memory-hard KDF). */
const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

/**
 * Hashes at once, at most: each takes ~16 MiB and a thread of libuv's pool for
 * tens of milliseconds, and a burst of logins must not take every thread (the
 * pool also serves the file system and DNS) nor the memory. The others wait
 * their turn, in order.
 */
const HASHING_AT_ONCE = 2;
let hashing = 0;
const waiting: Array<() => void> = [];

async function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  // A slot is taken here, or handed over by the hash that frees it (so that nobody overtakes the queue).
  if (hashing < HASHING_AT_ONCE) hashing++;
  else await new Promise<void>((go) => waiting.push(go));
  try {
    return await new Promise((ok, fail) => scryptCb(password, salt, keylen, opts, (e, key) => (e ? fail(e) : ok(key))));
  } finally {
    const next = waiting.shift();
    if (next) next();
    else hashing--;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
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

/** A hash of nothing, compared against when the user does not exist, so both paths cost the same. */
export const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEYLEN).toString('base64')}`;
