import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { GarbageMeter } from './garbage';

/** The stored bytes of a file: the SHA-256 of the whole (hex) and its size. */
export interface StoredBlob {
  sha256: string;
  size: number;
}

/**
 * Where file bytes live. One interface, so that an object store can take the
 * place of the database for deployments that outgrow it; PostgreSQL is the
 * only one today. Bytes are content-addressed: the same bytes are kept once.
 */
export abstract class FileStorage {
  /**
   * Stores what `source` yields, inside `tx` (a failure, or an error thrown by
   * `source`, rolls it all back), never holding more than a chunk in memory.
   */
  abstract put(tx: EntityManager, source: AsyncIterable<Buffer>): Promise<StoredBlob>;
  /** The bytes of a stored blob, in order, a chunk at a time (through `tx` when the caller holds one). */
  abstract read(sha256: string, tx?: EntityManager): AsyncIterable<Buffer>;
  /** The SHA-256 of the bytes as stored now (verify compares it with the history's). */
  abstract digest(sha256: string): Promise<string | null>;
}

/** How much of a chunk one read brings (its hex text stays under V8's large-object size). */
const READ_BYTES = 48 * 1024;

/** A chunk: big enough that a 50 MB file is a hundred rows, small enough to hold one at a time. */
export const CHUNK_BYTES = 512 * 1024;

/**
 * Files in PostgreSQL: `file_chunks` keyed by each chunk's SHA-256 (so equal
 * chunks of different files are kept once), `file_blobs` listing a file's
 * chunks in order, keyed by the SHA-256 of the whole.
 */
@Injectable()
export class PostgresFileStorage extends FileStorage {
  constructor(private readonly db: DataSource) {
    super();
  }

  async put(tx: EntityManager, source: AsyncIterable<Buffer>): Promise<StoredBlob> {
    const whole = createHash('sha256');
    const chunks: string[] = [];
    const meter = new GarbageMeter();
    // One buffer, filled and sent again and again. A piece is copied into it at once: a multipart parser
    // may hand out views of its own buffer, which it overwrites once it reads on.
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = 0;
    let size = 0;
    const flush = async () => {
      const bytes = chunk.subarray(0, filled);
      const sha = createHash('sha256').update(bytes).digest('hex');
      await tx.query(`INSERT INTO file_chunks (sha256, data) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING`, [sha, bytes]);
      chunks.push(sha);
      meter.moved(filled);
      filled = 0;
    };
    for await (const piece of source) {
      whole.update(piece);
      size += piece.length;
      let at = 0;
      while (at < piece.length) {
        const n = piece.copy(chunk, filled, at, Math.min(piece.length, at + CHUNK_BYTES - filled));
        filled += n;
        at += n;
        if (filled === CHUNK_BYTES) await flush();
      }
    }
    if (filled > 0 || chunks.length === 0) await flush();
    const sha256 = whole.digest('hex');
    await tx.query(
      `INSERT INTO file_blobs (sha256, size, chunks) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`,
      [sha256, size, chunks],
    );
    return { sha256, size };
  }

  async *read(sha256: string, tx?: EntityManager): AsyncIterable<Buffer> {
    const q = tx ?? this.db;
    const [blob]: Array<{ chunks: string[] }> = await q.query(`SELECT chunks FROM file_blobs WHERE sha256 = $1`, [sha256]);
    if (!blob) throw new Error(`no stored file ${sha256}`);
    const meter = new GarbageMeter();
    for (const chunk of blob.chunks) {
      // A chunk is read in pieces: pg brings bytea as hex text, and a piece's text (under 128 KiB) is young
      // garbage that V8 sweeps as it goes, where a whole chunk's megabyte of text would wait for a full GC.
      for (let from = 1; ; from += READ_BYTES) {
        const [row]: Array<{ data: Buffer | null }> = await q.query(
          `SELECT substring(data FROM $2 FOR $3) AS data FROM file_chunks WHERE sha256 = $1`,
          [chunk, from, READ_BYTES],
        );
        if (!row?.data) throw new Error(`file ${sha256}: chunk ${chunk} is missing`);
        meter.moved(3 * row.data.length); // the piece, and its hex text twice its size
        if (row.data.length > 0) yield row.data;
        if (row.data.length < READ_BYTES) break;
      }
    }
  }

  async digest(sha256: string): Promise<string | null> {
    const [blob]: Array<{ chunks: string[] }> = await this.db.query(`SELECT chunks FROM file_blobs WHERE sha256 = $1`, [sha256]);
    if (!blob) return null;
    const hash = createHash('sha256');
    try {
      for await (const piece of this.read(sha256)) hash.update(piece);
    } catch {
      return null;
    }
    return hash.digest('hex');
  }
}
