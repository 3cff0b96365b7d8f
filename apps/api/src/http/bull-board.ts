import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../../../libs/domain/src';
import { AuthService } from '../../../../libs/org/src';
import { QUEUES } from '../../../../libs/queue/src';

export const BOARD_PATH = '/admin/queues';
const COOKIE = 'examflow_board';

function tokenOf(req: Request): string | null {
  const header = req.headers.authorization;
  const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  if (bearer) return bearer;
  if (typeof req.query.token === 'string') return req.query.token;
  const cookie = req.headers.cookie?.split(';').map((c) => c.trim().split('=')).find(([k]) => k === COOKIE);
  return cookie ? decodeURIComponent(cookie[1] ?? '') : null;
}

/**
 * Bull Board at /admin/queues, for admins only. A browser signs in once with
 * `/admin/queues?token=<accessToken>`; the token is then kept in a cookie
 * scoped to the board.
 */
export function mountBullBoard(app: INestApplication): void {
  const board = new ExpressAdapter();
  board.setBasePath(BOARD_PATH);
  const queue = app.get<Queue>(getQueueToken(QUEUES.deadlines));
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter: board });
  const auth = app.get(AuthService);
  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    const token = tokenOf(req);
    try {
      if (!token) return res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'Thiếu mã truy cập' });
      const actor = await auth.authenticate(token);
      if (actor.position !== 'admin') {
        return res.status(403).json({ statusCode: 403, error: 'Forbidden', message: 'Chỉ quản trị viên xem được hàng đợi' });
      }
      if (typeof req.query.token === 'string') {
        res.setHeader('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=${BOARD_PATH}; HttpOnly; SameSite=Strict`);
      }
      return next();
    } catch (e) {
      if (e instanceof DomainError) return res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: e.message });
      return next(e);
    }
  };
  app.use(BOARD_PATH, adminOnly, board.getRouter());
}
