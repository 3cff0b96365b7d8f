import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';

/** The requests that carry a file, and may take longer to arrive than any other. */
const UPLOAD = /^\/api\/documents\/[^/]+\/files\/?$/;

export function isUpload(req: Request): boolean {
  return req.method === 'POST' && UPLOAD.test(req.path);
}

/**
 * A request must arrive whole in time: `requestMs` (30 s) for every request,
 * `uploadMs` (15 min) for a file upload — a slow body must not hold a
 * connection, but a Sở on a slow line must still get its 50 MB annex in.
 * Node's own timer stops whatever takes longer than the longest of the two;
 * this one answers the others 408 and closes the connection.
 */
export function requestDeadline(server: Server, requestMs: number, uploadMs: number) {
  const longest = Math.max(requestMs, uploadMs);
  server.requestTimeout = longest;
  server.headersTimeout = Math.min(server.headersTimeout, requestMs);
  return (req: Request, res: Response, next: NextFunction) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || req.complete) return next();
    const limit = isUpload(req) ? uploadMs : requestMs;
    if (limit >= longest) return next(); // Node's timer is this one
    const timer = setTimeout(() => {
      if (req.complete) return;
      if (!res.headersSent) {
        res.setHeader('Connection', 'close');
        res.status(408).json({ statusCode: 408, error: 'Request Timeout', message: `Yêu cầu phải gửi xong trong ${Math.round(limit / 1000)} giây` });
      }
      req.destroy();
    }, limit);
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    res.once('close', clear);
    next();
  };
}
