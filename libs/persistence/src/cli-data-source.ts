import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/src';
import { dataSourceOptions } from './data-source';

/**
 * Where the CLI migrates when DATABASE_URL is unset. (The app itself then starts an embedded PostgreSQL on a
 * port of the moment, which the CLI cannot know; the app migrates that one when it starts.)
 */
const CLI_DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/examflow';

/** For `npm run migration:run` (the TypeORM CLI; nothing else imports this file): DATABASE_URL, read through loadConfig(). */
export default new DataSource(dataSourceOptions(loadConfig().databaseUrl ?? CLI_DEFAULT_DATABASE_URL));
