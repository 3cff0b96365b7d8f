import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Conflict, verifyChain, type Actor, type ChainVerdict, type ChainedEntry, type HistoryEntryView } from '../../../domain/src';
import { SqlParams, stageOverdue, visibleToCaller } from '../../../persistence/src/sql';
import { SIGNATURE_ALGORITHM, SignatureService } from '../signature.service';
import type { ListDocumentsQuery } from '../document.dto';
import { AvailableEvents } from './available-events';
import { IssuedPdfs } from '../../../pdf/src/issued-pdfs';
import { assertReadable, loadDocument } from './document.access';
import { documentColumns, type DocumentRow, type DocumentView } from './document.view';
import { AuditService } from '../../../audit/src';

/** What of a secret document was read (Phụ lục VI III.5a: every read of one is in the trail). */
export type SecretRead = 'document' | 'pdf' | 'history' | 'signature' | 'file';

/**
 * A read of a secret document goes into the audit trail (SPEC §9, Nghị định 30 Phụ lục VI III.5a): who,
 * which document, which level, what of it. Written before the answer leaves; a list shows no content and
 * is not a read of it.
 */
export async function auditSecretRead(audit: AuditService, doc: Pick<DocumentRow, 'id' | 'confidentiality' | 'number'>, actor: Actor, what: SecretRead, detail: Record<string, unknown> = {}): Promise<void> {
  if (!doc.confidentiality || doc.confidentiality === 'normal') return;
  await audit.record({ actor: actor.username, action: 'document.read_secret', target: `document:${doc.id}`, detail: { confidentiality: doc.confidentiality, what, number: doc.number ?? null, ...detail } });
}

/** Reading documents: one, a list, the history and its verification, the digital signature. */
@Injectable()
export class DocumentReads {
  constructor(
    private readonly db: DataSource,
    private readonly events: AvailableEvents,
    private readonly signatures: SignatureService,
    private readonly pdfs: IssuedPdfs,
    private readonly audit: AuditService,
  ) {}

  /** `what`: what the caller reads of it, for the trail of a secret document's reads (`pdf` for its PDF). */
  async get(actor: Actor, id: string, what: SecretRead = 'document'): Promise<DocumentView> {
    const doc = await this.readable(this.db.manager, actor, id, what);
    return this.events.view(doc, actor);
  }

  async list(actor: Actor, query: ListDocumentsQuery): Promise<DocumentView[]> {
    const p = new SqlParams();
    const me = p.add(actor.username);
    const where: string[] = [];
    where.push(visibleToCaller('d', p, actor));
    if (query.state) where.push(`d.state = ${p.add(query.state)}`);
    if (query.type) where.push(`d.type = ${p.add(query.type)}`);
    if (query.q) {
      const like = p.add(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(d.title ILIKE ${like} OR d.number ILIKE ${like})`);
    }
    if (query.overdue === true) where.push(stageOverdue('d', 'now()'));
    const sql = `SELECT ${documentColumns(me, { excerpt: true })} FROM documents d ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY d.updated_at DESC, d.id LIMIT ${p.add(query.limit ?? 50)} OFFSET ${p.add(query.offset ?? 0)}`;
    const rows: DocumentRow[] = await this.db.query(sql, p.values);
    return rows.map((r) => this.events.view(r, actor, { excerpt: true }));
  }

  /** The document's digital signature, checked against its content as stored now. */
  async signature(actor: Actor, id: string) {
    const doc = await this.readable(this.db.manager, actor, id, 'signature');
    const [row]: Array<{ signedBy: string | null; signature: string | null; publicKey: string | null }> = await this.db.query(
      `SELECT signed_by AS "signedBy", signature, signature_public_key AS "publicKey" FROM documents WHERE id = $1`,
      [id],
    );
    if (!row.signature || !row.publicKey || !row.signedBy || !doc.number || !doc.issuedAt) {
      throw new Conflict(`Văn bản chưa được ký (trạng thái "${doc.state}")`);
    }
    const valid = this.signatures.verify(row.publicKey, row.signature, {
      type: doc.type,
      number: doc.number,
      issuedAt: doc.issuedAt.toISOString(),
      title: doc.title,
      body: doc.body,
      signer: row.signedBy,
    });
    // The issued PDF's signatures too (PAdES): the signer's from SIGN, the agency's from DISSEMINATE.
    const signatures = await this.pdfs.signatures(id);
    const pdf = signatures && { signatures: signatures.map(({ signer, subject, signedAt, valid: ok }) => ({ signer, subject, signedAt, valid: ok })) };
    return {
      algorithm: SIGNATURE_ALGORITHM,
      hash: 'SHA-256',
      publicKey: row.publicKey,
      signature: row.signature,
      signedBy: row.signedBy,
      signedAt: doc.issuedAt.toISOString(),
      valid: valid && (signatures ?? []).every((s) => s.valid) && (signatures === null || signatures.at(-1)?.coversWholeFile === true),
      ...(pdf ? { pdf } : {}),
    };
  }

  /** A page of the history, oldest first, and how many entries there are (the document's version). */
  async history(actor: Actor, id: string, page: { limit?: number; offset?: number } = {}): Promise<{ items: HistoryEntryView[]; total: number }> {
    const doc = await this.readable(this.db.manager, actor, id, 'history');
    const items = await this.historyRows(this.db.manager, id, { limit: page.limit ?? 1000, offset: page.offset ?? 0 });
    return { items, total: doc.version };
  }

  async verify(actor: Actor, id: string): Promise<ChainVerdict> {
    // The row and its history from one snapshot: a transition committing between two reads would
    // otherwise look like a broken chain.
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const doc = await this.readable(tx, actor, id, 'history');
      const rows = await this.historyRows(tx, id);
      return verifyChain(rows, { length: doc.version, lastHash: doc.lastHash });
    });
  }

  private async readable(tx: EntityManager, actor: Actor, id: string, what: SecretRead): Promise<DocumentRow> {
    const doc = await loadDocument(tx, id, actor, false);
    assertReadable(doc, actor);
    await auditSecretRead(this.audit, doc, actor, what);
    return doc;
  }

  /** History rows in order; a page of them with `page` (verify reads them all, in batches of its own making). */
  private async historyRows(tx: EntityManager, id: string, page?: { limit: number; offset: number }): Promise<HistoryEntryView[]> {
    const rows: Array<Omit<ChainedEntry, 'at'> & { at: Date; prevHash: string; hash: string }> = await tx.query(
      `SELECT seq, event, from_state AS "from", to_state AS "to", actor, on_behalf_of AS "onBehalfOf",
              at, payload, prev_hash AS "prevHash", hash
         FROM document_history WHERE document_id = $1 ORDER BY seq ${page ? 'LIMIT $2 OFFSET $3' : ''}`,
      page ? [id, page.limit, page.offset] : [id],
    );
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }
}
