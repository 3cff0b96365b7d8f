export * from './types';
export * from './errors';
export * from './numbering';
export * from './hash-chain';
export * from './calendar';
export * from './policy';
export * from './signature-block';
