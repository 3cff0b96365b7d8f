import { canonicalJson, chainHash, GENESIS_HASH, verifyChain, type ChainedEntry } from './hash-chain';

const entry = (seq: number, payload: unknown = {}): ChainedEntry => ({
  seq,
  event: seq === 1 ? 'CREATE' : 'SIGN',
  from: seq === 1 ? null : 'draft',
  to: 'draft',
  actor: 'an.nv',
  onBehalfOf: null,
  at: `2026-11-23T0${seq}:00:00.000Z`,
  payload,
});

function chain(n: number) {
  const out = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = entry(i, { i });
    const hash = chainHash(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('hash chain', () => {
  it('canonical JSON sorts keys at every depth and is stable', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: undefined, y: 'Đ' })).toBe('{"y":"Đ"}');
  });

  it('verifies an intact chain', () => {
    const c = chain(4);
    expect(verifyChain(c, { length: 4, lastHash: c[3].hash })).toEqual({ valid: true, length: 4 });
  });

  it('finds an edited entry, a broken link, a missing entry and a truncated tail', () => {
    const edited = chain(4);
    edited[2] = { ...edited[2], payload: { i: 99 } };
    expect(verifyChain(edited, { length: 4, lastHash: edited[3].hash })).toEqual({ valid: false, brokenAt: 3 });

    const newest = chain(4);
    newest[3] = { ...newest[3], payload: { i: 99 } };
    expect(verifyChain(newest, { length: 4, lastHash: newest[3].hash })).toEqual({ valid: false, brokenAt: 4 });

    const gap = chain(4);
    gap.splice(1, 1);
    expect(verifyChain(gap, { length: 4, lastHash: chain(4)[3].hash })).toEqual({ valid: false, brokenAt: 2 });

    const cut = chain(4);
    expect(verifyChain(cut.slice(0, 3), { length: 4, lastHash: cut[3].hash })).toEqual({ valid: false, brokenAt: 4 });

    const relinked = chain(3);
    relinked[1] = { ...relinked[1], prevHash: 'f'.repeat(64) };
    expect(verifyChain(relinked, { length: 3, lastHash: relinked[2].hash })).toEqual({ valid: false, brokenAt: 2 });
  });

  it('the hash depends on every field', () => {
    const base = entry(2, { a: 1 });
    const h = chainHash(GENESIS_HASH, base);
    for (const change of [{ seq: 3 }, { event: 'X' }, { from: 'y' }, { to: 'z' }, { actor: 'b' }, { onBehalfOf: 'c' }, { at: 'now' }, { payload: { a: 2 } }]) {
      expect(chainHash(GENESIS_HASH, { ...base, ...change })).not.toBe(h);
    }
    expect(chainHash('1'.repeat(64), base)).not.toBe(h);
  });
});

describe('hash chain, to the letter', () => {
  it('is SHA-256 of the previous hash, a newline, and the canonical JSON (computed independently in Python)', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(chainHash(GENESIS_HASH, entry(1, { i: 1 }))).toBe('7f54069e3cf166977d40bf373de70cad70c6c0814902778d51c78f1011fc5729');
  });

  it('undefined is null in an array and absent in an object; dates are ISO strings', () => {
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(new Date('2026-11-23T01:00:00Z'))).toBe('"2026-11-23T01:00:00.000Z"');
  });

  it('a chain renumbered with its hashes recomputed is still broken where the numbering skips', () => {
    const out = [];
    let prev = GENESIS_HASH;
    for (const seq of [1, 3, 4]) {
      const e = entry(seq, { seq });
      const hash = chainHash(prev, e);
      out.push({ ...e, prevHash: prev, hash });
      prev = hash;
    }
    expect(verifyChain(out, { length: 3, lastHash: prev })).toEqual({ valid: false, brokenAt: 2 });
  });

  it('the document row is checked on its own: the right length with another last hash, or the reverse', () => {
    const c = chain(3);
    expect(verifyChain(c, { length: 3, lastHash: 'f'.repeat(64) })).toEqual({ valid: false, brokenAt: 4 });
    expect(verifyChain(c, { length: 4, lastHash: c[2].hash })).toEqual({ valid: false, brokenAt: 4 });
    expect(verifyChain(c, { length: 2, lastHash: c[2].hash })).toEqual({ valid: false, brokenAt: 3 });
  });
});
