import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFound, NotPermitted, type NotificationKind, type NotificationView } from '../../domain/src';
import { Mailer } from './mailer';
import { dedupeKey, secretDocument } from './notification.sql';

export type { NotificationKind, NotificationView };

export interface NewNotification {
  username: string;
  kind: NotificationKind;
  documentId: string | null;
  /** The incoming item it is about, for a registration or processing deadline. */
  incomingId?: string | null;
  stage: string | null;
  dueAt: Date | null;
  message: string;
  /** What it comes from (a deadline step's id): with the username, its dedupe key (`dedupeKey`). */
  source: string;
  firedLateMs?: number | null;
}

/** A notification just written: its id (to e-mail it) and who it is for (to tell their open streams). */
export interface WrittenNotification {
  id: string;
  username: string;
}

const SUBJECT: Record<NotificationKind, string> = {
  reminder: '[examflow] Nhắc việc',
  escalation: '[examflow] Việc quá hạn',
  assignment: '[examflow] Việc mới',
  info: '[examflow] Thông báo',
};

/** In-app notifications, and their e-mails when SMTP is configured. */
@Injectable()
export class NotificationService {
  private readonly log = new Logger(NotificationService.name);

  constructor(
    private readonly db: DataSource,
    private readonly mailer: Mailer,
  ) {}

  /** Whether notifications are also e-mailed (SMTP_URL is set). */
  get emailEnabled(): boolean {
    return this.mailer.enabled;
  }

  /**
   * Writes notifications inside the caller's transaction; a dedupe key seen
   * before writes nothing. Returns what was written, to announce and e-mail after commit.
   */
  async write(tx: EntityManager, items: NewNotification[], now: Date): Promise<WrittenNotification[]> {
    if (items.length === 0) return [];
    return tx.query(
      `INSERT INTO notifications (id, username, kind, document_id, stage, due_at, message, dedupe_key, created_at,
                                  fired_late_ms, email_to, incoming_id)
       SELECT t.id, t.username, t.kind, t.document_id, t.stage, t.due_at, t.message, t.dedupe_key, $11,
              t.fired_late_ms,
              -- A secret document's notifications, and its incoming items', are never e-mailed (SPEC §9).
              CASE WHEN $12 AND NOT ${secretDocument('t.document_id')}
                        AND NOT ${secretDocument('(SELECT ii.source_document_id FROM incoming_items ii WHERE ii.id = t.incoming_id)')}
                   THEN u.email END, t.incoming_id
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::timestamptz[], $7::text[],
                     $8::text[], $9::int[], $10::int[], $13::uuid[])
              AS t(id, username, kind, document_id, stage, due_at, message, dedupe_key, fired_late_ms, ord, incoming_id)
         JOIN users u ON u.username = t.username
        ORDER BY t.ord
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, username`,
      [
        items.map(() => randomUUID()),
        items.map((i) => i.username),
        items.map((i) => i.kind),
        items.map((i) => i.documentId),
        items.map((i) => i.stage),
        items.map((i) => i.dueAt),
        items.map((i) => i.message),
        items.map((i) => dedupeKey(i.source, i.username)),
        items.map((i) => i.firedLateMs ?? null),
        items.map((_, n) => n),
        now,
        this.mailer.enabled,
        items.map((i) => i.incomingId ?? null),
      ],
    );
  }

  /** Sends the e-mails of these notifications (after their transaction committed); failures stay for the sweep. */
  async email(ids: string[]): Promise<void> {
    if (!this.mailer.enabled || ids.length === 0) return;
    const rows: Array<{ id: string; emailTo: string; kind: NotificationKind; message: string }> = await this.db.query(
      `SELECT id, email_to AS "emailTo", kind, message FROM notifications
        WHERE id = ANY($1::uuid[]) AND email_to IS NOT NULL AND emailed_at IS NULL`,
      [ids],
    );
    for (const r of rows) {
      // Claim before sending, so that two processes do not both send it.
      // (A top-level UPDATE … RETURNING comes back from TypeORM as [rows, count]: read it through a CTE.)
      const claimed = await this.db.query(
        `WITH u AS (UPDATE notifications SET emailed_at = now() WHERE id = $1 AND emailed_at IS NULL RETURNING id)
         SELECT id FROM u`,
        [r.id],
      );
      if (claimed.length === 0) continue;
      try {
        await this.mailer.send(r.emailTo, SUBJECT[r.kind], r.message);
      } catch (e) {
        await this.db.query(`UPDATE notifications SET emailed_at = NULL WHERE id = $1`, [r.id]);
        this.log.warn(`e-mail to ${r.emailTo} failed: ${(e as Error).message} (the sweep will retry)`);
      }
    }
  }

  /** E-mails left unsent (SMTP was down): retried by the sweep. */
  async retryEmails(olderThanMs = 10_000): Promise<void> {
    if (!this.mailer.enabled) return;
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM notifications WHERE email_to IS NOT NULL AND emailed_at IS NULL
          AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT 200`,
      [olderThanMs / 1000],
    );
    await this.email(rows.map((r) => r.id));
  }

  async list(username: string, options: { unread?: boolean; limit?: number } = {}): Promise<NotificationView[]> {
    const rows: NotificationRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM notifications WHERE username = $1 ${options.unread ? 'AND read_at IS NULL' : ''}
        ORDER BY created_at DESC, id LIMIT $2`,
      [username, options.limit ?? 100],
    );
    return rows.map(toView);
  }

  /** Marks one of the caller's notifications read (once: a second time keeps the first moment), in one statement. */
  async markRead(username: string, id: string): Promise<NotificationView> {
    // One statement marks it when it is the caller's and says whose it is otherwise.
    const rows: Array<NotificationRow & { owner: string }> = await this.db.query(
      `WITH n AS (SELECT id, username FROM notifications WHERE id = $1),
            u AS (UPDATE notifications t SET read_at = COALESCE(t.read_at, now())
                    FROM n WHERE t.id = n.id AND n.username = $2
                  RETURNING ${columns('t')})
       SELECT n.username AS owner, u.* FROM n LEFT JOIN u ON true`,
      [id, username],
    );
    if (!rows[0]) throw new NotFound(`Không có thông báo ${id}`);
    if (rows[0].owner !== username) throw new NotPermitted('Thông báo này không gửi cho người dùng hiện tại');
    return toView(rows[0]);
  }
}

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  documentId: string | null;
  incomingId: string | null;
  stage: string | null;
  dueAt: Date | null;
  createdAt: Date;
  readAt: Date | null;
  message: string;
}

const columns = (t: string) => `${t}.id, ${t}.kind, ${t}.document_id AS "documentId", ${t}.incoming_id AS "incomingId", ${t}.stage, ${t}.due_at AS "dueAt",
  ${t}.created_at AS "createdAt", ${t}.read_at AS "readAt", ${t}.message`;
const COLUMNS = columns('notifications');

function toView(r: NotificationRow): NotificationView {
  return {
    id: r.id,
    kind: r.kind,
    documentId: r.documentId,
    incomingId: r.incomingId,
    stage: r.stage,
    dueAt: r.dueAt ? r.dueAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt ? r.readAt.toISOString() : null,
    message: r.message,
  };
}
