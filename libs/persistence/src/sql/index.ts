export * from './rules';
export * from './params';
