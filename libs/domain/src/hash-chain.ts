import { createHash } from 'node:crypto';
import type { HistoryEntryView } from './views';

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined) return 'null';
    return JSON.stringify(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The fields of a history entry that its hash covers: all but the hashes. */
export type ChainedEntry = Omit<HistoryEntryView, 'prevHash' | 'hash'>;

export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 of the previous hash and the entry's canonical JSON. */
export function chainHash(prevHash: string, entry: ChainedEntry): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(
      canonicalJson({
        seq: entry.seq,
        event: entry.event,
        from: entry.from,
        to: entry.to,
        actor: entry.actor,
        onBehalfOf: entry.onBehalfOf,
        at: entry.at,
        payload: entry.payload ?? {},
      }),
    )
    .digest('hex');
}

export type ChainVerdict = { valid: true; length: number } | { valid: false; brokenAt: number };

/**
 * Walks a document's history oldest first. `expected` is what the document
 * row says the chain ends with, so that deleting the newest rows is caught too.
 */
export function verifyChain(
  entries: Array<ChainedEntry & { prevHash: string; hash: string }>,
  expected: { length: number; lastHash: string },
): ChainVerdict {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.seq !== i + 1 || e.prevHash !== prev || chainHash(prev, e) !== e.hash) {
      return { valid: false, brokenAt: i + 1 };
    }
    prev = e.hash;
  }
  if (entries.length !== expected.length || prev !== expected.lastHash) {
    return { valid: false, brokenAt: Math.min(entries.length, expected.length) + 1 };
  }
  return { valid: true, length: entries.length };
}
