export * from './entities';
export { dataSourceOptions, MIGRATIONS } from './data-source';
export * from './persistence.module';
export * from './sql';
