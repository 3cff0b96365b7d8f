import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { APP_CONFIG, type AppConfig } from './config';

/** Provides the validated AppConfig under APP_CONFIG, and the Clock, to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, clock: Clock = new Clock()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
