import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../../../libs/domain/src';
import { AuthService } from '../../../../libs/org/src';
import { QUEUES, RedisConnection } from '../../../../libs/queue/src';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/src';
import { randomBytes } from 'node:crypto';

export const BOARD_PATH = '/admin/queues';
const COOKIE = 'examflow_board';

/** How long a one-time code for the board lasts. */
const CODE_TTL_S = 60;

function bearerOf(req: Request): string | null {
  const header = req.headers.authorization;
  return (typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined) ?? null;
}

/** The board's cookie, or null; a malformed one (bad percent-encoding) is no cookie, not a 500. */
function cookieOf(req: Request): string | null {
  const raw = req.headers.cookie?.split(';').map((c) => c.trim().split('=')).find(([k]) => k === COOKIE)?.[1];
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Whether the browser reached us over TLS (directly, or as a proxy in front says). */
function overTls(req: Request): boolean {
  return req.secure || String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https';
}

/**
 * Bull Board at /admin/queues, for admins only. A browser cannot send a
 * bearer header on a link, and a token in a URL ends up in histories and
 * logs: the admin asks `POST /api/admin/board-code` (with their bearer token)
 * for a one-time code that lasts 60 s, and opens `/admin/queues?code=…`;
 * the board then keeps the token in an HttpOnly, SameSite=Strict cookie
 * scoped to the board (`Secure` over TLS) and drops the code from the URL.
 */
export function mountBullBoard(app: INestApplication): void {
  const board = new ExpressAdapter();
  board.setBasePath(BOARD_PATH);
  const queue = app.get<Queue>(getQueueToken(QUEUES.deadlines));
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter: board });
  const auth = app.get(AuthService);
  const redis = app.get(RedisConnection).client;
  const prefix = `${app.get<AppConfig>(APP_CONFIG).queuePrefix}:board-code`;
  const unauthorized = (res: Response, message: string) => res.status(401).json({ statusCode: 401, error: 'Unauthorized', message });

  app.use('/api/admin/board-code', async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    try {
      const token = bearerOf(req);
      if (!token) return unauthorized(res, 'Thiếu mã truy cập');
      const actor = await auth.authenticate(token);
      if (actor.position !== 'admin') {
        return res.status(403).json({ statusCode: 403, error: 'Forbidden', message: 'Chỉ quản trị viên xem được hàng đợi' });
      }
      const code = randomBytes(24).toString('base64url');
      await redis.set(`${prefix}:${code}`, token, 'EX', CODE_TTL_S);
      return res.status(201).json({ code, url: `${BOARD_PATH}?code=${code}`, expiresInS: CODE_TTL_S });
    } catch (e) {
      if (e instanceof DomainError) return unauthorized(res, e.message);
      return next(e);
    }
  });

  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (typeof req.query.code === 'string') {
        const token = await redis.getdel(`${prefix}:${req.query.code}`);
        if (!token) return unauthorized(res, 'Mã một lần đã dùng hoặc đã hết hạn; hãy xin mã mới');
        await auth.authenticate(token);
        const secure = overTls(req) ? '; Secure' : '';
        res.setHeader('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=${BOARD_PATH}; HttpOnly; SameSite=Strict${secure}`);
        return res.redirect(303, BOARD_PATH);
      }
      const token = bearerOf(req) ?? cookieOf(req);
      if (!token) return unauthorized(res, 'Thiếu mã truy cập');
      const actor = await auth.authenticate(token);
      if (actor.position !== 'admin') {
        return res.status(403).json({ statusCode: 403, error: 'Forbidden', message: 'Chỉ quản trị viên xem được hàng đợi' });
      }
      return next();
    } catch (e) {
      if (e instanceof DomainError) return unauthorized(res, e.message);
      return next(e);
    }
  };
  app.use(BOARD_PATH, adminOnly, board.getRouter());
}
