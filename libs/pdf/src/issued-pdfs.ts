import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, AgencyHeader, DocumentView } from '../../domain/src';
import { CertificatesService, pdfSignatures, signatureFields, signPdf, type PdfSignature } from '../../pki/src';
import { FileStorage } from '../../storage/src';
import { governingBodyOf, placeOf } from './layout';
import { SignatureImages } from './signature-images';
import { sealAppearance, signerAppearance } from './stamps';
import { AGENCY_HEADER_COLUMNS, PdfService } from './pdf.service';

export interface StoredPdf {
  stage: 'signed' | 'disseminated';
  sha256: string;
  size: number;
}

async function* once(bytes: Buffer): AsyncIterable<Buffer> {
  yield bytes;
}

/**
 * Everything here that runs inside a transition asks its transaction, never
 * the pool, for the database: the SIGN holds its agency's number lock, and a
 * second connection asked for under it can wait forever once every
 * connection is held by a signing waiting on that lock.
 *
 * The issued document as a file (SPEC §6): at SIGN the PDF is drawn once,
 * signed by the signer (PAdES) and stored; at DISSEMINATE the agency adds its
 * organisation signature as an incremental update. Both inside the
 * transition's transaction, so the file and the history entry that records
 * its SHA-256 land together. From then on the stored bytes are what is
 * served, identical on every request.
 */
@Injectable()
export class IssuedPdfs {
  constructor(
    private readonly db: DataSource,
    private readonly pdfs: PdfService,
    private readonly certificates: CertificatesService,
    private readonly storage: FileStorage,
    private readonly images: SignatureImages,
  ) {}

  /** SIGN: draws `doc` as signed, signs it as `signer`, stores it; answers its SHA-256. */
  async sign(tx: EntityManager, doc: DocumentView, signer: Actor, at: Date): Promise<string> {
    const agency = await this.agency(tx, doc.agencyCode);
    const { pdf, signatureBox } = await this.pdfs.render(doc, tx);
    const key = await this.certificates.forUser(tx, { username: signer.username, fullName: signer.fullName, title: signer.title, agencyName: agency.name });
    const appearance = signerAppearance(signatureBox, { name: signer.fullName, at }, await this.images.stamp(tx, { kind: 'user', username: signer.username }));
    const signed = await signPdf(pdf, key, { reason: 'Ký ban hành văn bản', name: signer.fullName, location: placeOf(agency), at }, appearance);
    return this.keep(tx, doc.id, 'signed', signed, at);
  }

  /** DISSEMINATE: the agency countersigns the signed PDF (an incremental update); null when there is none to sign. */
  async countersign(tx: EntityManager, documentId: string, agencyCode: string, at: Date): Promise<string | null> {
    const signed = await this.latest(documentId, tx);
    if (!signed) return null;
    const agency = await this.agency(tx, agencyCode);
    const bytes = await this.bytes(signed.sha256, tx);
    const key = await this.certificates.forAgency(tx, agency);
    // The seal over the signer's signature; a PDF signed before signatures were visible gets an invisible one.
    const signerField = signatureFields(bytes).find((f) => f.page >= 0 && f.rect[2] > f.rect[0]);
    const seal = await this.images.stamp(tx, { kind: 'agency', code: agency.code });
    const appearance = signerField && sealAppearance(signerField, { name: agency.name, governingBody: governingBodyOf(agency) }, seal);
    const countersigned = await signPdf(bytes, key, { reason: 'Phát hành văn bản', name: agency.name, location: placeOf(agency), at }, appearance);
    return this.keep(tx, documentId, 'disseminated', countersigned, at);
  }

  /** The newest stored PDF of a document (the disseminated one, else the signed one), or null before SIGN. */
  async latest(documentId: string, q: EntityManager | DataSource = this.db): Promise<StoredPdf | null> {
    const [row] = await q.query(
      `SELECT p.stage, p.blob_sha256 AS sha256, b.size::float8 AS size
         FROM document_pdfs p JOIN file_blobs b ON b.sha256 = p.blob_sha256
        WHERE p.document_id = $1 ORDER BY p.stage = 'disseminated' DESC LIMIT 1`,
      [documentId],
    );
    return row ?? null;
  }

  read(sha256: string): AsyncIterable<Buffer> {
    return this.storage.read(sha256);
  }

  /**
   * The signatures of the stored PDF, each checked (GET /api/documents/:id/signature): valid when the bytes
   * it covers are unchanged, its CMS holds, and its certificate is one examflow vouches for.
   */
  async signatures(documentId: string): Promise<PdfSignature[] | null> {
    const stored = await this.latest(documentId);
    if (!stored) return null;
    const found = pdfSignatures(await this.bytes(stored.sha256));
    return Promise.all(
      found.map(async (s) => ({ ...s, valid: s.valid && s.certificatePem !== null && (await this.certificates.vouchesFor(s.certificatePem)) })),
    );
  }

  /** A stored PDF's bytes, whole (a PDF is read whole to be signed, checked or mailed). */
  async bytes(sha256: string, tx?: EntityManager): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const piece of this.storage.read(sha256, tx)) parts.push(piece);
    return Buffer.concat(parts);
  }

  private async keep(tx: EntityManager, documentId: string, stage: StoredPdf['stage'], pdf: Buffer, at: Date): Promise<string> {
    const blob = await this.storage.put(tx, once(pdf));
    await tx.query(`INSERT INTO document_pdfs (document_id, stage, blob_sha256, created_at) VALUES ($1, $2, $3, $4)`, [documentId, stage, blob.sha256, at]);
    return blob.sha256;
  }

  private async agency(tx: EntityManager, code: string): Promise<AgencyHeader> {
    const [row] = await tx.query(`SELECT ${AGENCY_HEADER_COLUMNS} FROM agencies WHERE code = $1`, [code]);
    return row ?? { code, name: code, level: 'ministry' };
  }
}
