export * from './config';
export * from './duration';
export * from './local-services';
