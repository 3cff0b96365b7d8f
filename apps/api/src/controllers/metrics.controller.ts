import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/src';
import { NotPermitted, Unauthenticated } from '../../../../libs/domain/src';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Metrics } from '../../../../libs/metrics/src';
import { Public } from '../http/auth.decorators';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Prometheus text for the operator's scraper: with METRICS_TOKEN set, for a
 * request bearing it; without, for this machine only (loopback).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const expected = this.config.metricsToken;
    if (expected) {
      const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const [a, b] = [Buffer.from(given), Buffer.from(expected)];
      if (a.length !== b.length || !timingSafeEqual(a, b)) throw new Unauthenticated('/metrics cần METRICS_TOKEN (Authorization: Bearer …)');
    } else if (!LOOPBACK.test(req.ip ?? req.socket.remoteAddress ?? '')) {
      // req.ip: a client that a local reverse proxy (named in TRUST_PROXY) forwards is not this machine.
      throw new NotPermitted('/metrics chỉ trả lời máy chủ này khi chưa đặt METRICS_TOKEN');
    }
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
