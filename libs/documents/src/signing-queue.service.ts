import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, HTTP_STATUS, NotPermitted, type Actor } from '../../domain/src';
import { DocumentService } from './document.service';
import { SELECT_DOCUMENTS, type DocumentRow, type DocumentView } from './document.view';

export type QueueItem = DocumentView & {
  /** Milliseconds to the signature deadline; negative when overdue. */
  timeLeftMs: number | null;
  overdue: boolean;
  /** Set when the caller signs it as a delegate. */
  onBehalfOf: string | null;
};

export interface BatchResult {
  id: string;
  status: number;
  number?: string;
  message?: string;
}

/** SPEC order: flash, very_urgent, urgent, normal, then the earliest signature deadline. */
export const QUEUE_ORDER = `CASE d.urgency WHEN 'flash' THEN 0 WHEN 'very_urgent' THEN 1 WHEN 'urgent' THEN 2 ELSE 3 END,
  d.signature_deadline, d.id`;

/**
 * The queue's query: $1 the caller, $2 the signers, $3 limit, $4 offset.
 * Served by documents_signing_queue_idx (signer, urgency rank, deadline, id)
 * WHERE state = 'awaiting_signature'.
 */
export const SIGNING_QUEUE_SQL = `${SELECT_DOCUMENTS}
  WHERE d.state = 'awaiting_signature' AND d.signer = ANY($2)
  ORDER BY ${QUEUE_ORDER} LIMIT $3 OFFSET $4`;

const SIGNING_QUEUE_COUNT_SQL = `SELECT count(*)::int AS n FROM documents d
  WHERE d.state = 'awaiting_signature' AND d.signer = ANY($1)`;

/**
 * The leader's signing queue (own documents and those of the leaders who
 * delegated to the caller), and batch signing: each document in its own
 * transaction, through the same SIGN as one at a time.
 */
@Injectable()
export class SigningQueueService {
  private readonly log = new Logger(SigningQueueService.name);

  constructor(
    private readonly db: DataSource,
    private readonly documents: DocumentService,
  ) {}

  /** Whose documents the caller signs now: themself (a leader) and whoever delegated to them. */
  async signersFor(actor: Actor): Promise<string[]> {
    const rows: Array<{ delegator: string }> = await this.db.query(
      `SELECT DISTINCT delegator FROM delegations
        WHERE delegate = $1 AND revoked_at IS NULL AND now() >= valid_from AND now() < valid_until`,
      [actor.username],
    );
    const signers = rows.map((r) => r.delegator);
    const leader = actor.position === 'head' || actor.position === 'deputy_head';
    if (!leader && signers.length === 0) {
      throw new NotPermitted('Hàng đợi ký dành cho lãnh đạo (head, deputy_head) và người được ủy quyền');
    }
    // A unit head may be assigned a TL/TUQ signature: their own documents are in their queue too.
    return [actor.username, ...signers];
  }

  async list(actor: Actor, page: { limit: number; offset: number }): Promise<{ items: QueueItem[]; total: number }> {
    const signers = await this.signersFor(actor);
    const [rows, [{ n: total }]]: [DocumentRow[], Array<{ n: number }>] = await Promise.all([
      this.db.query(SIGNING_QUEUE_SQL, [actor.username, signers, page.limit, page.offset]),
      this.db.query(SIGNING_QUEUE_COUNT_SQL, [signers]),
    ]);
    const now = Date.now();
    const items = rows.map((row) => {
      const view = this.documents.view(row, actor);
      const timeLeftMs = row.signatureDeadline ? new Date(row.signatureDeadline).getTime() - now : null;
      return {
        ...view,
        timeLeftMs,
        overdue: timeLeftMs !== null && timeLeftMs < 0,
        onBehalfOf: row.signer !== actor.username ? row.signer : null,
      };
    });
    return { items, total };
  }

  async signMany(actor: Actor, ids: string[]): Promise<BatchResult[]> {
    await this.signersFor(actor); // the queue's own rule: leaders and their delegates
    const results: BatchResult[] = [];
    for (const id of ids) {
      try {
        const doc = await this.documents.sendEvent(actor, id, { type: 'SIGN' });
        results.push({ id, status: 200, number: doc.number! });
      } catch (e) {
        if (!(e instanceof DomainError)) {
          this.log.error(`batch SIGN of ${id}: ${(e as Error).stack ?? e}`);
          results.push({ id, status: 500, message: 'Lỗi máy chủ' });
          continue;
        }
        results.push({ id, status: HTTP_STATUS[e.code][0], message: e.message });
      }
    }
    return results;
  }
}
