import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, HTTP_STATUS, NotPermitted, type Actor, type BatchResult, type QueueItem } from '../../domain/src';
import { DocumentService } from './document.service';
import type { DocumentRow } from './document.view';

export type { BatchResult, QueueItem };

/** SPEC order: flash, very_urgent, urgent, normal, then the earliest signature deadline. */
export const QUEUE_ORDER = `CASE d.urgency WHEN 'flash' THEN 0 WHEN 'very_urgent' THEN 1 WHEN 'urgent' THEN 2 ELSE 3 END,
  d.signature_deadline, d.id`;

/** Whose documents the caller ($1) signs now: their own and those of whoever delegated to them. */
const SIGNERS = `ARRAY[$1::text] || ARRAY(SELECT g.delegator FROM delegations g WHERE g.delegate = $1
  AND g.revoked_at IS NULL AND now() >= g.valid_from AND now() < g.valid_until)`;

/**
 * The queue's query: $1 the caller, $2 limit, $3 offset. One round trip,
 * served by documents_signing_queue_idx (signer, urgency rank, deadline, id)
 * WHERE state = 'awaiting_signature'.
 */
export const SIGNING_QUEUE_SQL = `SELECT d.id, d.type, d.title, d.urgency, d.state, d.version,
    d.agency_code AS "agencyCode", d.unit_code AS "unitCode", d.drafter, d.signer,
    d.signing_authority AS "signingAuthority", d.signature_deadline AS "signatureDeadline",
    d.workflow_id AS "workflowId", d.workflow_version AS "workflowVersion", d.snapshot,
    d.created_at AS "createdAt", d.updated_at AS "updatedAt", count(*) OVER () AS total
  FROM documents d
  WHERE d.state = 'awaiting_signature' AND d.signer = ANY(${SIGNERS})
  ORDER BY ${QUEUE_ORDER} LIMIT $2 OFFSET $3`;

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

  /** The queue is for heads, deputy heads, and whoever a leader has delegated to right now. */
  private async assertMayUseQueue(actor: Actor): Promise<void> {
    if (actor.position === 'head' || actor.position === 'deputy_head') return;
    const rows = await this.db.query(
      `SELECT 1 FROM delegations WHERE delegate = $1 AND revoked_at IS NULL AND now() >= valid_from AND now() < valid_until LIMIT 1`,
      [actor.username],
    );
    if (rows.length === 0) {
      throw new NotPermitted('Hàng đợi ký dành cho thủ trưởng, cấp phó và người được ủy quyền ký');
    }
  }

  async list(actor: Actor, page: { limit: number; offset: number }): Promise<{ items: QueueItem[]; total: number }> {
    await this.assertMayUseQueue(actor);
    const rows: Array<Omit<DocumentRow, 'consultations' | 'recipients' | 'signerDelegatedToCaller'> & { total: string }> =
      await this.db.query(SIGNING_QUEUE_SQL, [actor.username, page.limit, page.offset]);
    let total = rows.length ? Number(rows[0].total) : 0;
    if (rows.length === 0 && page.offset > 0) {
      const [c] = await this.db.query(
        `SELECT count(*)::int AS n FROM documents d WHERE d.state = 'awaiting_signature' AND d.signer = ANY(${SIGNERS})`,
        [actor.username],
      );
      total = c.n;
    }
    const now = Date.now();
    const items = rows.map((row): QueueItem => {
      const onBehalfOf = row.signer !== actor.username ? row.signer : null;
      // Everything in the queue is the caller's to sign: consultations and recipients do not bear on it.
      const full = { ...row, consultations: [], recipients: [], signerDelegatedToCaller: onBehalfOf !== null } as unknown as DocumentRow;
      const deadline = row.signatureDeadline ? new Date(row.signatureDeadline) : null;
      const timeLeftMs = deadline ? deadline.getTime() - now : null;
      return {
        id: row.id,
        type: row.type,
        title: row.title,
        urgency: row.urgency,
        state: row.state,
        version: row.version,
        agencyCode: row.agencyCode,
        unitCode: row.unitCode,
        drafter: row.drafter,
        signer: row.signer!,
        signingAuthority: row.signingAuthority,
        signatureDeadline: deadline ? deadline.toISOString() : null,
        timeLeftMs,
        overdue: timeLeftMs !== null && timeLeftMs < 0,
        onBehalfOf,
        availableEvents: this.documents.availableEvents(full, actor),
        workflow: { id: row.workflowId, version: row.workflowVersion },
        createdAt: new Date(row.createdAt).toISOString(),
        updatedAt: new Date(row.updatedAt).toISOString(),
      };
    });
    return { items, total };
  }

  async signMany(actor: Actor, ids: string[]): Promise<BatchResult[]> {
    await this.assertMayUseQueue(actor);
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
