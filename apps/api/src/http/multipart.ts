import busboy from 'busboy';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidInput, TooLarge, UnsupportedType, withoutAccents } from '../../../../libs/domain/src';
import type { IncomingFile } from '../../../../libs/files/src';

/**
 * Reads a `multipart/form-data` upload as it streams in (busboy): resolves
 * once the part `file` begins, with the fields sent before it; its bytes are
 * read by whoever consumes `bytes`. Nothing is buffered whole nor written to
 * disk. `discard` stops reading after a refusal: the rest of the body is
 * drained and the connection closed after the answer.
 */
export function readUpload(req: Request, res: Response): Promise<IncomingFile & { discard: () => void }> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    return Promise.reject(new UnsupportedType('Tải tệp lên bằng multipart/form-data, với một phần tên "file" (và "kind" nếu cần)'));
  }
  let parser: busboy.Busboy;
  try {
    // Browsers send the file name in UTF-8: read it so (busboy's default is latin1).
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 3, fields: 10, fieldSize: 1000, parts: 13 } });
  } catch (e) {
    return Promise.reject(new InvalidInput([`multipart: ${(e as Error).message}`]));
  }
  const fields: Record<string, string> = {};
  const discard = () => {
    res.setHeader('Connection', 'close');
    req.unpipe(parser);
    req.resume();
  };
  const finished = new Promise<Record<string, string>>((ok, fail) => {
    parser.on('close', () => ok(fields));
    parser.on('error', (e: Error) => fail(new InvalidInput([`multipart: ${e.message}`])));
  });
  finished.catch(() => undefined); // observed by fields(); an unread failure is not an unhandled rejection
  return new Promise((ok, fail) => {
    let started = false;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || started) {
        stream.resume();
        return;
      }
      started = true;
      ok({ name: info.filename ?? '', bytes: stream, fieldsBefore: { ...fields }, fields: () => finished, discard });
    });
    finished.then(
      () => {
        if (!started) fail(new InvalidInput(['file: thiếu phần "file" (tệp cần tải lên)']));
      },
      (e) => {
        if (!started) fail(e);
      },
    );
    req.pipe(parser);
  });
}

/** `attachment; filename="…"; filename*=UTF-8''…`: the name as given for browsers, an ASCII one for the rest. */
export function contentDisposition(name: string): string {
  const ascii = withoutAccents(name)
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A small upload read whole (a PKCS#12, a PNG): its bytes and the form's other fields; past `maxBytes` it is
 * a 413 with `tooLarge`, and the rest of the body is drained. An empty file is a 400.
 */
export async function readSmallUpload(req: Request, res: Response, maxBytes: number, tooLarge: string): Promise<{ bytes: Buffer; fields: Record<string, string> }> {
  const upload = await readUpload(req, res);
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const piece of upload.bytes) {
      size += piece.length;
      if (size > maxBytes) throw new TooLarge(tooLarge);
      parts.push(Buffer.from(piece));
    }
  } catch (e) {
    upload.discard();
    throw e;
  }
  const fields = await upload.fields();
  if (size === 0) throw new InvalidInput(['file: tệp rỗng']);
  return { bytes: Buffer.concat(parts), fields };
}

/**
 * Answers a stored file: its type, length, the name as given (`filename*=`)
 * and `ETag` = the SHA-256 (304 when If-None-Match names it), the bytes as
 * a byte stream that reads the next chunk only once the last has gone out.
 */
export async function sendStoredFile(
  req: Request,
  res: Response,
  file: { name: string; size: number; contentType: string; sha256: string },
  bytes: () => AsyncIterable<Buffer>,
): Promise<void> {
  const etag = `"${file.sha256}"`;
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Content-Disposition', contentDisposition(file.name));
  res.status(200);
  try {
    await pipeline(Readable.from(bytes(), { objectMode: false, highWaterMark: 64 * 1024 }), res);
  } catch {
    res.destroy(); // the answer has begun: a broken one must not look whole
  }
}

/**
 * Reads a multipart upload and hands it to `store`; on a refusal, the rest
 * of the body is discarded (or, before the parser took it, the connection
 * closed after the answer) so that nothing hangs.
 */
export async function withUpload<T>(req: Request, res: Response, store: (upload: IncomingFile, declaredLength: number | null) => Promise<T>): Promise<T> {
  const length = req.headers['content-length'] ? Number(req.headers['content-length']) : null;
  let upload: Awaited<ReturnType<typeof readUpload>> | undefined;
  try {
    upload = await readUpload(req, res);
    return await store(upload, Number.isFinite(length) ? length : null);
  } catch (e) {
    if (upload) upload.discard();
    else {
      res.setHeader('Connection', 'close');
      req.resume();
    }
    throw e;
  }
}
