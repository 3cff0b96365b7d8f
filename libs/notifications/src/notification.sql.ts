import type { NotificationKind } from '../../domain/src';
import type { SqlParams } from '../../persistence/src/sql';

/**
 * The dedupe key of a notification: one per source (a deadline step, or a
 * document's stage entry and kind) and recipient. A second write with the
 * same key writes nothing.
 */
/**
 * Whether the document (an SQL expression of its id) is secret: its notifications are never e-mailed
 * (SPEC §9), whatever SMTP_URL says; they stay in the app.
 */
export function secretDocument(documentId: string): string {
  return `EXISTS (SELECT 1 FROM documents sd_n WHERE sd_n.id = ${documentId} AND sd_n.confidentiality <> 'normal')`;
}

export function dedupeKey(source: string, username: string): string {
  return `${source}:${username}`;
}

/** The name of the CTE `notificationsCte` writes; it returns (id, username). */
export const NOTIFIED_CTE = 'notified';

/**
 * Notifications as a CTE of someone else's statement (a transition writes
 * the notifications of the stage it enters in its own final statement: one
 * round trip fewer). One notification per user the subquery `recipients`
 * yields (usernames), with the same kind, message and moment; the CTE
 * returns (id, username) of what it wrote, to announce and e-mail after
 * commit. `documentId` is a placeholder or column.
 */
export function notificationsCte(
  params: SqlParams,
  n: {
    recipients: string;
    kind: NotificationKind;
    documentId: string;
    stage: string;
    dueAt: Date | null;
    message: string;
    /** The dedupe key's source (see `dedupeKey`). */
    source: string;
    now: Date;
    /** Whether e-mail is on: then the notification carries the user's address. */
    email: boolean;
  },
): string {
  return `${NOTIFIED_CTE} AS (
     INSERT INTO notifications (id, username, kind, document_id, stage, due_at, message, dedupe_key, created_at, email_to)
     SELECT gen_random_uuid(), u.username, ${params.add(n.kind, 'text')}, ${n.documentId}, ${params.add(n.stage, 'text')},
            ${params.add(n.dueAt, 'timestamptz')}, ${params.add(n.message, 'text')},
            ${params.add(dedupeKey(n.source, ''), 'text')} || u.username,
            ${params.add(n.now, 'timestamptz')}, CASE WHEN ${params.add(n.email, 'boolean')} AND NOT ${secretDocument(n.documentId)} THEN u.email END
       FROM users u WHERE u.username IN (${n.recipients})
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id, username)`;
}
