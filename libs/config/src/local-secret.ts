import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * A secret of the zero-config local start, generated once into the data
 * directory, readable by its owner only (0600), and the same for every
 * process of this machine. (Outside the local start the configuration
 * requires the secret to be set: see loadConfig.)
 */
export function localSecret(dataDir: string, name: string): { value: string; created: boolean } {
  const file = resolve(dataDir, name);
  let created = false;
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      created = true;
    } catch (e) {
      // Another process of this machine wrote it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  chmodSync(file, 0o600); // an older start may have left it readable by others
  return { value: readFileSync(file, 'utf8').trim(), created };
}
