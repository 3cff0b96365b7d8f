import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { QueryLogger } from './query-logger';
import { PreparingClient } from './preparing-client';
import { Init1732400000000 } from './migrations/1732400000000-init';
import { Deadlines1732500000000 } from './migrations/1732500000000-deadlines';
import { Signing1732600000000 } from './migrations/1732600000000-signing';
import { OutboxJobId1732700000000 } from './migrations/1732700000000-outbox-job-id';
import { Audit1733000000000 } from './migrations/1733000000000-audit';
import { Sessions1732900000000 } from './migrations/1732900000000-sessions';
import { OutboxDropRelayedAt1732800000000 } from './migrations/1732800000000-outbox-drop-relayed-at';
import { PasswordChange1733100000000 } from './migrations/1733100000000-password-change';
import { Files1733200000000 } from './migrations/1733200000000-files';
import { Pki1733300000000 } from './migrations/1733300000000-pki';
import { ProposedRecipients1733400000000 } from './migrations/1733400000000-proposed-recipients';
import { SignatureImages1733500000000 } from './migrations/1733500000000-signature-images';
import { RetiredCertificates1733600000000 } from './migrations/1733600000000-retired-certificates';
import { ExternalsAndGroups1733700000000 } from './migrations/1733700000000-externals-and-groups';
import { RecipientsAsWritten1733800000000 } from './migrations/1733800000000-recipients-as-written';
import { Incoming1733900000000 } from './migrations/1733900000000-incoming';
import { IncomingDeadlines1734000000000 } from './migrations/1734000000000-incoming-deadlines';
import { IncomingFiles1734100000000 } from './migrations/1734100000000-incoming-files';
import { References1734200000000 } from './migrations/1734200000000-references';
import { IncomingHandler1734300000000 } from './migrations/1734300000000-incoming-handler';
import { Campaigns1734400000000 } from './migrations/1734400000000-campaigns';
import { AnchoredDeadlines1734500000000 } from './migrations/1734500000000-anchored-deadlines';
import { SessionReports1734600000000 } from './migrations/1734600000000-session-reports';
import { Nd30HeaderAndAuthority1734700000000 } from './migrations/1734700000000-nd30-header-and-authority';
import { Confidentiality1734800000000 } from './migrations/1734800000000-confidentiality';
import { RecallAndAmendments1734900000000 } from './migrations/1734900000000-recall-and-amendments';

export const MIGRATIONS = [
  Init1732400000000,
  Deadlines1732500000000,
  Signing1732600000000,
  OutboxJobId1732700000000,
  OutboxDropRelayedAt1732800000000,
  Sessions1732900000000,
  Audit1733000000000,
  PasswordChange1733100000000,
  Files1733200000000,
  Pki1733300000000,
  ProposedRecipients1733400000000,
  SignatureImages1733500000000,
  RetiredCertificates1733600000000,
  ExternalsAndGroups1733700000000,
  RecipientsAsWritten1733800000000,
  Incoming1733900000000,
  IncomingDeadlines1734000000000,
  IncomingFiles1734100000000,
  References1734200000000,
  IncomingHandler1734300000000,
  Campaigns1734400000000,
  AnchoredDeadlines1734500000000,
  SessionReports1734600000000,
  Nd30HeaderAndAuthority1734700000000,
  Confidentiality1734800000000,
  RecallAndAmendments1734900000000,
];

/** Options shared by the app and the TypeORM CLI: migrations only, never synchronize. */
export function dataSourceOptions(url: string, poolSize = 20, prepare = true): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: ['error', 'warn'],
    logger: new QueryLogger(),
    poolSize,
    // pg.Pool builds its connections with this class: parameterised statements are prepared once per connection.
    // A burst (fifty SIGNs at once, each drawing its PDF inside its transaction) waits up to 10 s for a connection
    // on a busy two-core machine rather than failing; a PostgreSQL that is down refuses at once, so its 503 is as quick.
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, ...(prepare ? { Client: PreparingClient } : {}) },
  };
}
