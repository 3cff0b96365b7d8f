import { ValidationPipe, type DynamicModule, type INestApplication, type LoggerService, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../../../libs/config/src';
import { AppModule } from './app.module';
import { mountBullBoard } from './http/bull-board';
import { jsonBody } from './http/body';

export interface HttpAppOptions {
  /** Modules to run in the same process (the worker, for `npm start`). */
  extra?: Array<Type | DynamicModule>;
  logger?: LoggerService | false | Array<'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal'>;
}

/** Builds the API application (not yet listening): used by main.ts and by the tests. */
export async function createHttpApp(config: AppConfig, options: HttpAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config, options.extra), {
    bodyParser: false,
    logger: options.logger ?? ['log', 'error', 'warn'],
  });
  app.use(...jsonBody());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  mountBullBoard(app);
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
