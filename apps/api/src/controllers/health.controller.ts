import { Controller, Get, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { RedisConnection } from '../../../../libs/queue/src';
import { Public } from '../http/auth.decorators';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  /** 200 {status: "ok"} once PostgreSQL and Redis answer, 503 otherwise. */
  @Public()
  @Get()
  @ApiResponse({ status: 200, schema: { example: { status: 'ok' } } })
  @ApiResponse({ status: 503, schema: { example: { status: 'unavailable', postgres: 'ok', redis: 'down' } } })
  async health(@Res({ passthrough: true }) res: Response) {
    const [postgres, redis] = await Promise.all([
      this.db
        .query('SELECT 1')
        .then(() => true)
        .catch(() => false),
      this.redis.ping(),
    ]);
    if (!postgres || !redis) {
      res.status(503);
      return { status: 'unavailable', postgres: postgres ? 'ok' : 'down', redis: redis ? 'ok' : 'down' };
    }
    return { status: 'ok' };
  }
}
