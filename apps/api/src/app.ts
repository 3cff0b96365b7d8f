import { ValidationPipe, type DynamicModule, type INestApplication, type LoggerService, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { parse as parseQuery } from 'node:querystring';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig, Clock } from '../../../libs/config/src';
import { AppModule } from './app.module';
import { Metrics } from '../../../libs/metrics/src';
import { mountBullBoard } from './http/bull-board';
import { jsonBody } from './http/body';
import { mountWebApp } from './http/web';
import { mountSecurityHeaders } from './http/security';
import { requestDeadline } from './http/request-deadline';

export interface HttpAppOptions {
  /** Modules to run in the same process (the worker, for `npm start`). */
  extra?: Array<Type | DynamicModule>;
  logger?: LoggerService | false | Array<'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal'>;
  /** The time the document service records transitions at (a test's fixed clock); the system clock when absent. */
  clock?: Clock;
}

/** Builds the API application (not yet listening): used by main.ts and by the tests. */
export async function createHttpApp(config: AppConfig, options: HttpAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config, options.extra, options.clock), {
    bodyParser: false,
    logger: options.logger ?? ['log', 'error', 'warn'],
  });
  // `?state=&type=` as SPEC writes the paths: an empty parameter is no filter, not a bad value.
  app.getHttpAdapter().getInstance().set('query parser', (text: string) => {
    const parsed = parseQuery(text);
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== '' && v !== undefined));
  });
  // Behind a reverse proxy, req.ip is the client's (from X-Forwarded-For) only for the proxies named in TRUST_PROXY.
  app.getHttpAdapter().getInstance().set('trust proxy', config.trustProxy);
  mountSecurityHeaders(app);
  // A request must arrive whole within REQUEST_TIMEOUT (30 s), an upload within UPLOAD_TIMEOUT (15 min): a slow
  // body does not hold a connection for Node's default 300 s. (Answers may last longer: the notification stream.)
  app.use(requestDeadline(app.getHttpServer() as import('node:http').Server, config.requestTimeoutMs, config.uploadTimeoutMs));
  const metrics = app.get(Metrics);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // The route pattern, not the URL: ids would make a label per document.
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      // A notification stream lasts as long as the page is open: it is not a request's latency.
      if (!String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) end({ method: req.method, route });
    });
    next();
  });
  app.use(...jsonBody());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  mountBullBoard(app);
  mountWebApp(app, config.webDir);
  const openApi = new DocumentBuilder()
    .setTitle('examflow')
    .setDescription('Quy trình phê duyệt văn bản mùa thi: soạn thảo, lấy ý kiến, ký, phát hành, báo cáo.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}
