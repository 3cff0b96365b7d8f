import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';

/**
 * TypeORM's log, without the parameters of a failed statement: they hold
 * password hashes, document bodies and reports, which have no place in a
 * log. The statement's text and PostgreSQL's message say what failed; the
 * error itself reaches the caller (and the exception filter) as before.
 */
export class QueryLogger implements Logger {
  private readonly out = new NestLogger('SQL');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const message = typeof error === 'string' ? error : error.message;
    this.out.error(`${message} — in: ${query.replace(/\s+/g, ' ').slice(0, 500)}`);
  }

  logQuerySlow(): void {}

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.out.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.out.warn(String(message));
  }
}
