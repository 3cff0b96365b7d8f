import express, { type NextFunction, type Request, type Response } from 'express';

export const BODY_LIMIT = '1mb';
/** Deeper nesting than any body of the API needs; a deeper one is refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count). */
export function jsonDepth(text: Buffer): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

class TooDeep extends Error {
  readonly type = 'entity.too.deep';
  readonly status = 400;
}

/**
 * JSON bodies up to 1 MiB. Body-parser errors happen before Nest's router,
 * so they are answered here, in Nest's error shape.
 */
export function jsonBody() {
  return [
    express.json({
      limit: BODY_LIMIT,
      strict: true,
      verify: (_req, _res, buf) => {
        if (jsonDepth(buf) > MAX_JSON_DEPTH) throw new TooDeep(`JSON lồng quá ${MAX_JSON_DEPTH} cấp`);
      },
    }),
    (err: { type?: string; status?: number; message?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (!err) return next();
      if (err.type === 'entity.too.large') {
        return res.status(413).json({ statusCode: 413, error: 'Payload Too Large', message: 'Nội dung gửi lên vượt quá 1 MiB' });
      }
      if (err.type === 'entity.too.deep') {
        return res.status(400).json({ statusCode: 400, error: 'Bad Request', message: err.message });
      }
      if (err.type === 'entity.parse.failed') {
        return res.status(400).json({ statusCode: 400, error: 'Bad Request', message: `JSON không hợp lệ: ${err.message}` });
      }
      const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 400;
      return res.status(status).json({ statusCode: status, error: 'Bad Request', message: err.message ?? 'Yêu cầu không hợp lệ' });
    },
  ];
}
