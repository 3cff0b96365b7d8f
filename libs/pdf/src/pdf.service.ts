import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { pdfFileName, type AgencyLevel, type DocumentView } from '../../domain/src';
import {
  governingBodyOf,
  numberLine,
  parseBody,
  placeDateLine,
  placeOf,
  signatureLines,
  typeNameOf,
  type PaperDocument,
} from './layout';
import { renderPdf, type SignatureBox } from './render';

/** The document as a PDF in the layout of Nghị định 30 Phụ lục I (GET /api/documents/:id/pdf). */
@Injectable()
export class PdfService {
  constructor(private readonly db: DataSource) {}

  /** The document drawn now: a draft (no number, `DỰ THẢO`) until it is signed. */
  async render(doc: DocumentView, q: EntityManager | DataSource = this.db): Promise<{ pdf: Buffer; fileName: string; signatureBox: SignatureBox }> {
    const paper = await this.paper(doc, q);
    const { pdf, signatureBox } = await renderPdf(paper, {
      urgency: doc.urgency,
      at: new Date(doc.issuedAt ?? doc.updatedAt),
      subject: `${doc.number ?? 'Dự thảo'} — ${doc.title}`,
    });
    return { pdf, fileName: pdfFileName(doc), signatureBox };
  }

  /** What goes in each position of the page (layout.ts), from the document and the organisation. */
  /** `q`: the caller's transaction when it holds one (a SIGN must not take a second connection: see IssuedPdfs). */
  async paper(doc: DocumentView, q: EntityManager | DataSource = this.db): Promise<PaperDocument> {
    // Nơi nhận: what was proposed for signature (SPEC §7), else (signed without) the recipients sent to.
    const sentTo: Array<{ agencyCode: string; unitCode: string | null; purpose: string }> = doc.proposedRecipients?.length
      ? doc.proposedRecipients
      : doc.recipients;
    const agencyCodes = [...new Set([doc.agencyCode, ...sentTo.map((r) => r.agencyCode)])];
    const [agencies, units]: [Array<{ code: string; name: string; level: AgencyLevel }>, Array<{ agencyCode: string; code: string; name: string }>] =
      await Promise.all([
        q.query(`SELECT code, name, level FROM agencies WHERE code = ANY($1)`, [agencyCodes]),
        q.query(`SELECT agency_code AS "agencyCode", code, name FROM units WHERE agency_code = ANY($1)`, [agencyCodes]),
      ]);
    const agency = agencies.find((a) => a.code === doc.agencyCode) ?? { code: doc.agencyCode, name: doc.agencyCode, level: 'ministry' as const };
    const agencyName = (code: string) => agencies.find((a) => a.code === code)?.name ?? code;
    const unitName = (agencyCode: string, code: string) => units.find((u) => u.agencyCode === agencyCode && u.code === code)?.name ?? code;
    // A recipient as the Nơi nhận writes it: a unit of the issuing agency by its name, another agency by its.
    const named = (r: { agencyCode: string; unitCode: string | null }) =>
      r.unitCode === null
        ? agencyName(r.agencyCode)
        : r.agencyCode === doc.agencyCode
          ? unitName(r.agencyCode, r.unitCode)
          : `${unitName(r.agencyCode, r.unitCode)}, ${agencyName(r.agencyCode)}`;
    const congVan = doc.type === 'CV';
    const addressees = congVan ? sentTo.filter((r) => r.purpose === 'implement').map(named) : [];
    const others = congVan ? sentTo.filter((r) => r.purpose !== 'implement') : sentTo;
    const recipients = [
      ...(congVan && addressees.length ? ['- Như trên;'] : []),
      ...others.map((r) => `- ${named(r)};`),
      `- Lưu: VT, ${doc.unitCode}.`,
    ];
    const issued = doc.issuedAt ? new Date(doc.issuedAt) : null;
    return {
      draft: !doc.number,
      governingBody: governingBodyOf(agency),
      agency: agency.name.toLocaleUpperCase('vi-VN'),
      numberLine: numberLine(doc.number, doc.type, doc.agencyCode, doc.unitCode),
      placeDateLine: placeDateLine(placeOf(agency), issued),
      typeName: typeNameOf(doc.type),
      title: congVan ? `V/v ${doc.title.replace(/^V\/v\s+/i, '')}` : doc.title,
      addressees,
      body: parseBody(doc.body ?? ''),
      signature: signatureLines(doc.signatureBlock),
      recipients,
    };
  }
}

export { pdfFileName };
