export * from './clock';
export * from './config';
export * from './duration';
export * from './local-services';
export * from './config.module';
export * from './local-secret';
