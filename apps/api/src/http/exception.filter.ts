import { ArgumentsHost, Catch, HttpException, Logger, Optional, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditService } from '../../../../libs/audit/src';
import { DomainError, NotPermitted, TooManyAttempts, TransitionNotAllowed, type Actor } from '../../../../libs/domain/src';
import { HTTP_STATUS } from './http-status';


/** Errors that mean PostgreSQL or Redis is not there: the request may be retried later. */
export function isUnavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string; name?: string } | null;
  if (!err) return false;
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'];
  if (err.code && codes.includes(err.code)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)|terminating connection/i.test(
    err.message ?? '',
  );
}

/** One place where errors become HTTP answers, in Nest's shape {statusCode, error, message}. */
@Catch()
export class ExceptionsFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  constructor(@Optional() private readonly audit?: AuditService) {}

  catch(e: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (e instanceof NotPermitted && this.audit) {
      // A refusal is worth a line in the trail: someone tried what their post does not allow.
      const req = host.switchToHttp().getRequest<Request & { actor?: Actor }>();
      void this.audit.record({
        actor: req.actor?.username ?? null,
        address: req.ip ?? null,
        action: 'forbidden',
        target: `${req.method} ${req.originalUrl.split('?')[0]}`,
        detail: { message: e.message },
      });
    }
    const [status, body] = this.toAnswer(e);
    if (status >= 500) this.log.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    if (res.headersSent) return;
    if (e instanceof TooManyAttempts) res.setHeader('Retry-After', String(e.retryAfterS));
    res.status(status).json(body);
  }

  toAnswer(e: unknown): [number, Record<string, unknown>] {
    if (e instanceof DomainError) {
      const [statusCode, error] = HTTP_STATUS[e.code];
      const body: Record<string, unknown> = {
        statusCode,
        error,
        message: e.code === 'INVALID_INPUT' ? (e as unknown as { messages: string[] }).messages : e.message,
        code: e.code,
      };
      if (e instanceof TransitionNotAllowed) {
        body.state = e.state;
        body.allowedEvents = e.allowed;
      }
      return [statusCode, body];
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const r = e.getResponse();
      const body = typeof r === 'string' ? { statusCode: status, error: e.name, message: r } : (r as Record<string, unknown>);
      return [status, { statusCode: status, ...body }];
    }
    // PostgreSQL refuses a NUL character or an invalid byte sequence in text: that is bad input, not a crash.
    const pgCode = (e as { code?: string } | null)?.code;
    if (pgCode === '22021' || pgCode === '22P05' || pgCode === '22P02') {
      return [400, { statusCode: 400, error: 'Bad Request', message: ['text contains a character that cannot be stored (e.g. NUL)'] }];
    }
    if (isUnavailable(e)) {
      return [503, { statusCode: 503, error: 'Service Unavailable', message: 'Cơ sở dữ liệu tạm thời không trả lời; hãy thử lại' }];
    }
    return [500, { statusCode: 500, error: 'Internal Server Error', message: 'Lỗi máy chủ' }];
  }
}
