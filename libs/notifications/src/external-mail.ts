import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DOCUMENT_TYPE_NAMES, pdfFileName, type DocumentType } from '../../domain/src';
import { IssuedPdfs } from '../../pdf/src/issued-pdfs';
import { Mailer } from './mailer';

/** A sender's hold on a mail: past it, another process (the sweep) may take the mail over. */
const LEASE_MS = 5 * 60_000;

/**
 * The issued PDF by e-mail to the bodies outside examflow that have an
 * address (SPEC §7), when SMTP is on: once per recipient. A sender takes a
 * lease on the row (`mail_claimed_at`), sends, then records `mailed_at`; a
 * failure gives the lease back, and the sweep retries what is unsent and
 * not held. The Message-ID is the recipient's own, so the one case that can
 * send twice (a crash after the server took the mail, before it was
 * recorded) is the same message to the reader's mail system.
 */
@Injectable()
export class ExternalMail {
  private readonly log = new Logger(ExternalMail.name);

  constructor(
    private readonly db: DataSource,
    private readonly mailer: Mailer,
    private readonly pdfs: IssuedPdfs,
  ) {}

  /** Sends the mails owed for these documents (after their DISSEMINATE committed). */
  async send(documentIds: string[]): Promise<number> {
    if (!this.mailer.enabled || documentIds.length === 0) return 0;
    const rows: Array<{ documentId: string; idx: number }> = await this.db.query(
      `SELECT document_id AS "documentId", idx FROM recipients
        WHERE document_id = ANY($1::uuid[]) AND mail_to IS NOT NULL AND mailed_at IS NULL ORDER BY document_id, idx`,
      [documentIds],
    );
    let sent = 0;
    // Each document's PDF is read once, for all of its recipients.
    const pdfs = new Map<string, Promise<Buffer>>();
    const pdfOf = (documentId: string) => {
      if (!pdfs.has(documentId)) {
        pdfs.set(
          documentId,
          this.pdfs.latest(documentId).then((stored) => {
            if (!stored) throw new Error('no issued PDF');
            return this.pdfs.bytes(stored.sha256);
          }),
        );
      }
      return pdfs.get(documentId)!;
    };
    for (const r of rows) if (await this.sendOne(r.documentId, r.idx, pdfOf)) sent++;
    return sent;
  }

  /** Mails left unsent (SMTP was down, a sender died holding one): retried by the sweep. */
  async retry(olderThanMs = 10_000): Promise<number> {
    if (!this.mailer.enabled) return 0;
    const rows: Array<{ documentId: string }> = await this.db.query(
      `SELECT DISTINCT r.document_id AS "documentId" FROM recipients r JOIN documents d ON d.id = r.document_id
        WHERE r.mail_to IS NOT NULL AND r.mailed_at IS NULL
          AND (r.mail_claimed_at IS NULL OR r.mail_claimed_at < now() - make_interval(secs => $2))
          AND d.disseminated_at < now() - make_interval(secs => $1)
          AND EXISTS (SELECT 1 FROM document_pdfs p WHERE p.document_id = r.document_id) -- nothing to mail without one
        LIMIT 100`,
      [olderThanMs / 1000, LEASE_MS / 1000],
    );
    return this.send(rows.map((r) => r.documentId));
  }

  private async sendOne(documentId: string, idx: number, pdfOf: (documentId: string) => Promise<Buffer>): Promise<boolean> {
    // The lease: taken when the mail is unsent and nobody holds it (or their hold is stale).
    const [claimed] = await this.db.query(
      `WITH c AS (
         UPDATE recipients SET mail_claimed_at = now()
          WHERE document_id = $1 AND idx = $2 AND mail_to IS NOT NULL AND mailed_at IS NULL
            AND (mail_claimed_at IS NULL OR mail_claimed_at < now() - make_interval(secs => $3))
         RETURNING mail_to, external_code)
       SELECT c.mail_to AS "to", e.name AS "recipientName", d.number, d.type, d.title, a.name AS "agencyName"
         FROM c JOIN external_bodies e ON e.code = c.external_code
         JOIN documents d ON d.id = $1 JOIN agencies a ON a.code = d.agency_code`,
      [documentId, idx, LEASE_MS / 1000],
    );
    if (!claimed) return false;
    const m = claimed as { to: string; recipientName: string; number: string | null; type: DocumentType; title: string; agencyName: string };
    try {
      const pdf = await pdfOf(documentId);
      const typeName = DOCUMENT_TYPE_NAMES[m.type];
      await this.mailer.send(
        m.to,
        `${m.agencyName} gửi ${typeName.toLocaleLowerCase('vi')} số ${m.number}: ${m.title}`,
        [
          `Kính gửi: ${m.recipientName}`,
          '',
          `${m.agencyName} gửi ${typeName.toLocaleLowerCase('vi')} số ${m.number} "${m.title}" (tệp PDF đính kèm, có chữ ký số của người ký và của cơ quan).`,
          'Đề nghị văn thư của quý cơ quan xác nhận đã nhận văn bản.',
          '',
          `Thư gửi tự động từ examflow của ${m.agencyName}.`,
        ].join('\n'),
        {
          messageId: `<${documentId}.${idx}@examflow>`,
          attachments: [{ filename: pdfFileName({ number: m.number, type: m.type }), content: pdf, contentType: 'application/pdf' }],
        },
      );
      await this.db.query(`UPDATE recipients SET mailed_at = now() WHERE document_id = $1 AND idx = $2`, [documentId, idx]);
      return true;
    } catch (e) {
      await this.db.query(`UPDATE recipients SET mail_claimed_at = NULL WHERE document_id = $1 AND idx = $2 AND mailed_at IS NULL`, [documentId, idx]);
      this.log.warn(`mail of ${documentId} to ${m.to} failed: ${(e as Error).message} (the sweep will retry)`);
      return false;
    }
  }
}
