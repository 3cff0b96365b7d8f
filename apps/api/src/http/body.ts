import express, { type NextFunction, type Request, type Response } from 'express';

export const BODY_LIMIT = '1mb';

/**
 * JSON bodies up to 1 MiB. Body-parser errors happen before Nest's router,
 * so they are answered here, in Nest's error shape.
 */
export function jsonBody() {
  return [
    express.json({ limit: BODY_LIMIT, strict: true }),
    (err: { type?: string; status?: number; message?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (!err) return next();
      if (err.type === 'entity.too.large') {
        return res.status(413).json({ statusCode: 413, error: 'Payload Too Large', message: 'Nội dung gửi lên vượt quá 1 MiB' });
      }
      if (err.type === 'entity.parse.failed') {
        return res.status(400).json({ statusCode: 400, error: 'Bad Request', message: `JSON không hợp lệ: ${err.message}` });
      }
      const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 400;
      return res.status(status).json({ statusCode: status, error: 'Bad Request', message: err.message ?? 'Yêu cầu không hợp lệ' });
    },
  ];
}
