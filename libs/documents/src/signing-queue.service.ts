import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotPermitted, isLeaderPosition, type Actor, type BatchResult, type QueueItem } from '../../domain/src';
import { delegatorsOf, urgencyRank } from '../../persistence/src/sql';
import { DocumentService } from './document.service';
import { AvailableEvents } from './queries/available-events';
import type { DocumentRow } from './queries/document.view';

export type { BatchResult, QueueItem };

/** One document of a batch signature: its number, or what stopped it (a DomainError, or anything else). */
export type SignOutcome = { id: string; number: string } | { id: string; error: unknown };

/** SPEC order: flash, very_urgent, urgent, normal, then the earliest signature deadline. */
const RANK = urgencyRank('d.urgency');
const COLUMNS = `d.id, d.type, d.title, d.urgency, d.state, d.version,
    d.agency_code AS "agencyCode", d.unit_code AS "unitCode", d.drafter, d.signer,
    d.signing_authority AS "signingAuthority", d.signature_deadline AS "signatureDeadline",
    d.workflow_id AS "workflowId", d.workflow_version AS "workflowVersion", d.snapshot,
    d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

/**
 * The queue's query for `signers` usernames ($1…$k; the caller first, then
 * whoever delegated to them now), limit $k+1, offset $k+2. One signer's
 * waiting documents come out of documents_signing_queue_idx (signer, urgency
 * rank, deadline, id) WHERE state = 'awaiting_signature' already in SPEC
 * order: nothing is sorted. With delegators, each signer's branch reads at
 * most limit + offset rows in that order and only those are merged.
 */
export function signingQueueSql(signers: number): string {
  const limit = `$${signers + 1}::int`;
  const offset = `$${signers + 2}::int`;
  if (signers === 1) {
    return `SELECT ${COLUMNS}, count(*) OVER () AS total FROM documents d
      WHERE d.state = 'awaiting_signature' AND d.signer = $1
      ORDER BY ${RANK}, d.signature_deadline, d.id LIMIT ${limit} OFFSET ${offset}`;
  }
  const each = Array.from({ length: signers }, (_, i) => `(SELECT ${COLUMNS}, ${RANK} AS rank FROM documents d
      WHERE d.state = 'awaiting_signature' AND d.signer = $${i + 1}
      ORDER BY ${RANK}, d.signature_deadline, d.id LIMIT ${limit} + ${offset})`);
  const all = Array.from({ length: signers }, (_, i) => `$${i + 1}`).join(', ');
  return `SELECT q.*, (SELECT count(*) FROM documents d WHERE d.state = 'awaiting_signature' AND d.signer IN (${all})) AS total
    FROM (${each.join(' UNION ALL ')}) q
    ORDER BY q.rank, q."signatureDeadline", q.id LIMIT ${limit} OFFSET ${offset}`;
}

/**
 * The leader's signing queue (own documents and those of the leaders who
 * delegated to the caller), and batch signing: each document in its own
 * transaction, through the same SIGN as one at a time.
 */
@Injectable()
export class SigningQueueService {
  constructor(
    private readonly db: DataSource,
    private readonly documents: DocumentService,
    private readonly events: AvailableEvents,
  ) {}

  /**
   * Whose documents the caller signs now: their own and those of whoever delegated to them. The queue is for
   * heads, deputy heads, and whoever a leader has delegated to right now.
   */
  private async signersFor(actor: Actor): Promise<string[]> {
    const rows: Array<{ delegator: string }> = await this.db.query(
      `SELECT DISTINCT delegator FROM (${delegatorsOf('$1')}) g ORDER BY delegator`,
      [actor.username],
    );
    if (rows.length === 0 && !isLeaderPosition(actor.position)) {
      throw new NotPermitted('Hàng đợi ký dành cho thủ trưởng, cấp phó và người được ủy quyền ký');
    }
    return [actor.username, ...rows.map((r) => r.delegator).filter((d) => d !== actor.username)];
  }

  async list(actor: Actor, page: { limit: number; offset: number }): Promise<{ items: QueueItem[]; total: number }> {
    const signers = await this.signersFor(actor);
    const rows: Array<Omit<DocumentRow, 'consultations' | 'recipients' | 'signerDelegatedToCaller'> & { total: string }> =
      await this.db.query(signingQueueSql(signers.length), [...signers, page.limit, page.offset]);
    let total = rows.length ? Number(rows[0].total) : 0;
    if (rows.length === 0 && page.offset > 0) {
      const [c] = await this.db.query(
        `SELECT count(*)::int AS n FROM documents d WHERE d.state = 'awaiting_signature' AND d.signer = ANY($1)`,
        [signers],
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
        availableEvents: this.events.of(full, actor),
        workflow: { id: row.workflowId, version: row.workflowVersion },
        createdAt: new Date(row.createdAt).toISOString(),
        updatedAt: new Date(row.updatedAt).toISOString(),
      };
    });
    return { items, total };
  }

  /** Signs each document in its own transaction, through the same SIGN as one at a time. */
  async signMany(actor: Actor, ids: string[]): Promise<SignOutcome[]> {
    await this.signersFor(actor);
    const results: SignOutcome[] = [];
    for (const id of ids) {
      try {
        const doc = await this.documents.sendEvent(actor, id, { type: 'SIGN' });
        results.push({ id, number: doc.number! });
      } catch (error) {
        results.push({ id, error });
      }
    }
    return results;
  }
}
