import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  NotPermitted,
  URGENCY_NOTES,
  numberSeries,
  registerAgency,
  registerDate as date,
  typeAndSummary,
  type Actor,
  type DocumentType,
  type OutgoingRow,
  type Urgency,
} from '../../../domain/src';

/** The outgoing register of an agency for a year: one row per number, in number order. */
@Injectable()
export class RegisterService {
  constructor(private readonly db: DataSource) {}

  /**
   * `confidential`: the register of the agency's secret documents, numbered in their own series
   * (Nghị định 30 Điều 15.2, 16.3), for its clerks and leaders only; the other register leaves them out.
   */
  async outgoing(actor: Actor, year: number, agency?: string, confidential = false): Promise<OutgoingRow[]> {
    const agencyCode = registerAgency(actor, agency, confidential ? 'Sổ văn bản đi mật' : 'Sổ văn bản đi');
    if (confidential && actor.position === 'admin') throw new NotPermitted('Sổ văn bản đi mật chỉ dành cho văn thư và lãnh đạo cơ quan');
    const rows: Array<{
      id: string;
      seq: number;
      number: string;
      type: DocumentType;
      title: string;
      urgency: Urgency;
      signingAuthority: string | null;
      issuedAt: Date;
      disseminatedAt: Date | null;
      signerName: string | null;
      unitName: string | null;
      recipients: Array<{ name: string; purpose: string; acknowledged: boolean }> | null;
      recalledAt: Date | null;
      amendKind: 'correction' | 'replacement' | null;
      amendsNumber: string | null;
      replacedByNumber: string | null;
      correctedByNumbers: string | null;
    }> = await this.db.query(
      `SELECT d.id, d.number_seq AS seq, d.number, d.type, d.title, d.urgency, d.signing_authority AS "signingAuthority",
              d.issued_at AS "issuedAt", d.disseminated_at AS "disseminatedAt", s.full_name AS "signerName",
              un.name AS "unitName", d.recalled_at AS "recalledAt", d.amend_kind AS "amendKind",
              (SELECT o.number FROM documents o WHERE o.id = d.amends) AS "amendsNumber",
              (SELECT x.number FROM documents x WHERE x.id = d.replaced_by) AS "replacedByNumber",
              (SELECT string_agg(x.number, ', ' ORDER BY x.issued_at) FROM documents x WHERE x.id = ANY(d.corrected_by)) AS "correctedByNumbers",
              (SELECT json_agg(json_build_object(
                        'name', COALESCE(rp.title || ' ' || rp.full_name, re.name, ru.name, ra.name), 'purpose', r.purpose,
                        'acknowledged', r.acknowledged_at IS NOT NULL) ORDER BY r.idx)
                 FROM recipients r LEFT JOIN agencies ra ON ra.code = r.agency_code
                 LEFT JOIN units ru ON ru.agency_code = r.agency_code AND ru.code = r.unit_code
                 LEFT JOIN external_bodies re ON re.code = r.external_code
                 LEFT JOIN users rp ON rp.username = r.username
                WHERE r.document_id = d.id) AS recipients
         FROM documents d
         LEFT JOIN users s ON s.username = d.signed_by
         LEFT JOIN units un ON un.agency_code = d.agency_code AND un.code = d.unit_code
        WHERE d.agency_code = $1 AND d.number_year = $2 AND d.number IS NOT NULL AND d.number_series = $3
        ORDER BY d.number_seq`,
      [agencyCode, year, confidential ? numberSeries('confidential') : numberSeries('normal')],
    );
    return rows.map((r) => {
      const recipients = r.recipients ?? [];
      const summary = typeAndSummary(r.type, r.title);
      const archive = recipients.filter((x) => x.purpose === 'archive').map((x) => x.name);
      // What became of it once out (Nghị định 30 Điều 18.3–4), in the register's Ghi chú.
      const notes = [
        URGENCY_NOTES[r.urgency],
        r.signingAuthority ? `Ký ${r.signingAuthority}.` : null,
        r.amendKind && r.amendsNumber ? `${r.amendKind === 'correction' ? 'Đính chính' : 'Thay thế'} văn bản số ${r.amendsNumber}.` : null,
        r.correctedByNumbers ? `Được đính chính bởi văn bản số ${r.correctedByNumbers}.` : null,
        r.replacedByNumber ? `Bị thay thế bởi văn bản số ${r.replacedByNumber}.` : null,
        r.recalledAt ? `Đã thu hồi ngày ${date(r.recalledAt)}.` : null,
      ].filter(Boolean);
      return {
        seq: r.seq,
        documentId: r.id,
        number: r.number,
        date: date(r.issuedAt),
        typeAndSummary: summary,
        signer: r.signerName,
        recipients: recipients.filter((x) => x.purpose !== 'archive').map((x) => x.name).join('; ') || null,
        copyHolder: [r.unitName, ...archive].filter(Boolean).join('; ') || null,
        copies: r.disseminatedAt ? recipients.length : null,
        sentAt: date(r.disseminatedAt),
        receivedBy: recipients.filter((x) => x.acknowledged).map((x) => x.name).join('; ') || null,
        notes: notes.join(' ') || null,
      };
    });
  }
}

