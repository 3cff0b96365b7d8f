import { createHash } from 'node:crypto';
import { Client, type QueryConfig } from 'pg';

/** Distinct statements prepared per process at most; past it, a new text runs unnamed (parsed each time). */
export const MAX_PREPARED = 1000;

const names = new Map<string, string>();
/** Texts that failed as prepared statements in a way preparing again would not mend: they run unnamed. */
const unprepared = new Set<string>();

/**
 * PostgreSQL's answers that a prepared statement cannot be used as it is:
 * the table's row type changed since it was prepared (a migration by a newer
 * process), or the statement is missing on this server connection (a pooler
 * in transaction mode handed us another one).
 */
const STALE = new Set(['0A000', '26000']);

/** The prepared-statement name of a parameterised text: the same text always gets the same name. */
export function statementName(text: string): string | null {
  if (unprepared.has(text)) return null;
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_PREPARED) return null;
    name = `ef_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A pg client that prepares every parameterised statement once per
 * connection (a named statement) instead of having PostgreSQL parse and
 * plan it again on each call, as pg does for unnamed ones. A transition
 * sends its few statements (the CTEs that update the row and append history,
 * the notifications, the deadlines) thousands of times a minute, and
 * parsing and planning them was a third of its cost: measured on the
 * transitions bench, 588 → 786 transitions/s at 32 clients.
 *
 * Names come from a hash of the text, so a name always means the same text
 * (pg refuses one name for two texts); statements without parameters
 * (BEGIN, COMMIT, DDL) stay unnamed. The number of distinct names is
 * bounded, so a text built at run time cannot grow the servers' memory
 * without end. When PostgreSQL says a prepared statement went stale, that
 * text runs unnamed from then on in this process: outside a transaction the
 * call is simply sent again unnamed; inside one the failure is passed on,
 * since the transaction has failed with it. DB_PREPARE=false turns the
 * whole thing off.
 */
export class PreparingClient extends Client {
  /** Whether a transaction is open on this connection (TypeORM begins and ends them with these statements). */
  private inTransaction = false;

  // pg's query() has many overloads; only the promise form (text, values) with values is rewritten,
  // which is how TypeORM calls it.
  override query(...args: unknown[]): any {
    const [text, values] = args;
    if (typeof text === 'string') {
      if (/^\s*(START TRANSACTION|BEGIN)\b/i.test(text)) this.inTransaction = true;
      else if (/^\s*(COMMIT|ROLLBACK|END)\s*;?\s*$/i.test(text)) this.inTransaction = false;
    }
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(text);
      if (name) return this.named({ name, text, values });
    }
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }

  private async named(config: QueryConfig & { name: string }): Promise<unknown> {
    try {
      return await super.query(config);
    } catch (e) {
      if (STALE.has((e as { code?: string }).code ?? '')) {
        unprepared.add(config.text);
        // Forget it on this connection too, so that nothing here sends it by name again.
        const connection = (this as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection;
        if (connection?.parsedStatements) delete connection.parsedStatements[config.name];
        if (!this.inTransaction) return super.query({ text: config.text, values: config.values });
      }
      throw e;
    }
  }
}
