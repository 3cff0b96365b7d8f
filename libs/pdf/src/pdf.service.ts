import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  pdfFileName,
  printedRecipients,
  DOCUMENT_TYPE_NAMES,
  printedAgencyName,
  symbolOf,
  type DocumentType,
  type AgencyHeader,
  type DocumentView,
  type ProposedRecipient,
  type RecipientDirectory,
  type RecipientView,
} from '../../domain/src';
import {
  basisLines,
  governingBodyOf,
  type BasisReference,
  numberLine,
  parseBody,
  placeDateLine,
  placeOf,
  recipientLines,
  signatureLines,
  typeNameOf,
  type PaperDocument,
} from './layout';
import { renderPdf, type SignatureBox } from './render';

/** An agency's header as `AgencyHeader` names it. */
export const AGENCY_HEADER_COLUMNS = `code, name, level, parent_name AS "parentName", place, symbol, collective_name AS "collectiveName"`;

/** The document as a PDF in the layout of Nghị định 30 Phụ lục I (GET /api/documents/:id/pdf). */
@Injectable()
export class PdfService {
  constructor(private readonly db: DataSource) {}

  /** The document drawn now: a draft (no number, `DỰ THẢO`) until it is signed. */
  async render(doc: DocumentView, q: EntityManager | DataSource = this.db): Promise<{ pdf: Buffer; fileName: string; signatureBox: SignatureBox }> {
    const paper = await this.paper(doc, q);
    const { pdf, signatureBox } = await renderPdf(paper, {
      urgency: doc.urgency,
      confidentiality: doc.confidentiality,
      at: new Date(doc.issuedAt ?? doc.updatedAt),
      subject: `${doc.number ?? 'Dự thảo'} — ${doc.title}`,
    });
    return { pdf, fileName: pdfFileName(doc), signatureBox };
  }

  /** What goes in each position of the page (layout.ts), from the document and the organisation. */
  /** `q`: the caller's transaction when it holds one (a SIGN must not take a second connection: see IssuedPdfs). */
  async paper(doc: DocumentView, q: EntityManager | DataSource = this.db): Promise<PaperDocument> {
    // Nơi nhận: what was proposed for signature (SPEC §7), else (signed without) what was sent, a group once.
    const written: ProposedRecipient[] = doc.proposedRecipients?.length ? doc.proposedRecipients : asWritten(doc.recipients);
    const agencyCodes = [...new Set([doc.agencyCode, ...written.flatMap((r) => (r.agencyCode ? [r.agencyCode] : []))])];
    const pick = (key: 'externalCode' | 'groupCode' | 'username') => written.flatMap((r) => (r[key] ? [r[key] as string] : []));
    // One connection, one query at a time (the caller's transaction takes no concurrent queries).
    const agencies: AgencyHeader[] = await q.query(`SELECT ${AGENCY_HEADER_COLUMNS} FROM agencies WHERE code = ANY($1)`, [agencyCodes]);
    const units: Array<{ agencyCode: string; code: string; name: string; symbol: string }> = await q.query(
      `SELECT agency_code AS "agencyCode", code, name, symbol FROM units WHERE agency_code = ANY($1)`,
      [agencyCodes],
    );
    const names = new Map<string, string>([
      ...((await q.query(`SELECT code, name FROM external_bodies WHERE code = ANY($1)`, [pick('externalCode')])) as Array<{ code: string; name: string }>).map(
        (e) => [`ext:${e.code}`, e.name] as [string, string],
      ),
      ...((await q.query(`SELECT code, name FROM recipient_groups WHERE code = ANY($1)`, [pick('groupCode')])) as Array<{ code: string; name: string }>).map(
        (g) => [`group:${g.code}`, g.name] as [string, string],
      ),
    ]);
    const people: Array<{ username: string; fullName: string; title: string; position: string; agencyCode: string }> = await q.query(
      `SELECT username, full_name AS "fullName", title, position, agency_code AS "agencyCode" FROM users WHERE username = ANY($1)`,
      [pick('username')],
    );
    const agency: AgencyHeader = agencies.find((a) => a.code === doc.agencyCode) ?? { code: doc.agencyCode, name: doc.agencyCode, level: 'ministry' };
    const unitSymbol = symbolOf(units.find((u) => u.agencyCode === doc.agencyCode && u.code === doc.unitCode) ?? { code: doc.unitCode });
    const directory: RecipientDirectory = {
      agencyName: (code) => agencies.find((a) => a.code === code)?.name,
      unitName: (agencyCode, code) => units.find((u) => u.agencyCode === agencyCode && u.code === code)?.name,
      externalName: (code) => names.get(`ext:${code}`),
      groupName: (code) => names.get(`group:${code}`),
      person: (username) => people.find((p) => p.username === username),
    };
    const printed = recipientLines(doc.type, unitSymbol, printedRecipients(written, doc.agencyCode, directory));
    const congVan = doc.type === 'CV';
    const issued = doc.issuedAt ? new Date(doc.issuedAt) : null;
    return {
      draft: !doc.number,
      governingBody: governingBodyOf(agency),
      agency: printedAgencyName(agency),
      numberLine: numberLine(doc.number, doc.type, symbolOf(agency), unitSymbol),
      placeDateLine: placeDateLine(placeOf(agency), issued),
      typeName: typeNameOf(doc.type),
      title: congVan ? `V/v ${doc.title.replace(/^V\/v\s+/i, '')}` : doc.title,
      kinhGui: printed.kinhGui,
      addressees: printed.addressees,
      basis: basisLines(doc.type, await this.basis(doc, q), doc.body ?? ''),
      body: parseBody(doc.body ?? ''),
      signature: signatureLines(doc.signatureBlock),
      recipients: printed.recipients,
    };
  }

  /** The document's references as căn cứ: an examflow document's type and issuer are looked up. */
  private async basis(doc: DocumentView, q: EntityManager | DataSource): Promise<BasisReference[]> {
    const refs = doc.references ?? [];
    const ids = refs.flatMap((r) => (r.documentId ? [r.documentId] : []));
    const known: Array<{ id: string; type: DocumentType; issuer: string }> = ids.length
      ? await q.query(`SELECT d.id, d.type, a.name AS issuer FROM documents d JOIN agencies a ON a.code = d.agency_code WHERE d.id = ANY($1::uuid[])`, [ids])
      : [];
    return refs.map((r) => {
      const k = r.documentId ? known.find((x) => x.id === r.documentId) : undefined;
      return { number: r.number, issuedAt: r.issuedAt, title: r.title, typeName: k ? DOCUMENT_TYPE_NAMES[k.type] : null, issuer: k?.issuer ?? null };
    });
  }
}

export { pdfFileName };


/** The deliveries of a document signed without a proposal, back as they were written: a group's members as the group, once. */
export function asWritten(recipients: RecipientView[]): ProposedRecipient[] {
  const out: ProposedRecipient[] = [];
  const groups = new Set<string>();
  for (const r of recipients) {
    if (r.groupCode) {
      if (groups.has(r.groupCode)) continue;
      groups.add(r.groupCode);
      out.push({ agencyCode: null, unitCode: null, groupCode: r.groupCode, purpose: r.purpose, note: r.note, main: r.main });
    } else {
      out.push({ agencyCode: r.agencyCode, unitCode: r.unitCode, externalCode: r.externalCode, username: r.username, purpose: r.purpose, note: r.note, main: r.main });
    }
  }
  return out;
}
