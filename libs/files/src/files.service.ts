import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import {
  Conflict,
  FILE_STATES,
  InvalidInput,
  NotFound,
  NotPermitted,
  TooLarge,
  UnsupportedType,
  mayAddFile,
  mayRemoveFile,
  type Actor,
  type FileKind,
  type FileView,
} from '../../domain/src';
import { DocumentService, factsOf, type DocumentRow } from '../../documents/src';
import { AfterCommit } from '../../documents/src/transition/after-commit';
import { assertReadable, loadDocument } from '../../documents/src/queries/document.access';
import { auditSecretRead } from '../../documents/src/queries/document.reads';
import { AuditService } from '../../audit/src';
import { FileStorage } from '../../storage/src';
import { SNIFF_BYTES, sniffType } from './sniff';

export type { FileView };

export const FILE_KINDS: readonly FileKind[] = ['draft', 'annex', 'report'];

/** An upload as it arrives: the fields sent before the file, the file's name and bytes, and all fields once read. */
export interface IncomingFile {
  name: string;
  bytes: AsyncIterable<Buffer>;
  fieldsBefore: Record<string, string>;
  /** Every field of the form, once the whole body is read. */
  fields: () => Promise<Record<string, string>>;
}

/** An upload once stored: its cleaned name, size, sniffed type and SHA-256. */
export interface StoredUpload {
  name: string;
  size: number;
  contentType: string;
  sha256: string;
}

const FILE_COLUMNS = `id, name, size::float8 AS size, content_type AS "contentType", blob_sha256 AS sha256, kind, revision,
  uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;

/**
 * Uploads at once per process, at most: each holds a database connection
 * (its transaction) while the bytes arrive. The others wait their turn.
 */
const UPLOADS_AT_ONCE = 4;

/**
 * The files of documents (SPEC §6): drafts numbered by revision, annexes,
 * reports. An upload is one transaction: the bytes are streamed into storage,
 * then the document is locked, the rules checked again, and the file row and
 * its `ADD_FILE` history entry written — all of it or nothing.
 */
@Injectable()
export class FilesService {
  private uploading = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly db: DataSource,
    private readonly storage: FileStorage,
    private readonly documents: DocumentService,
    private readonly afterCommit: AfterCommit,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Checks, before any byte is read, what can be known: the document, the caller's right, the state, the size. */
  async precheck(actor: Actor, documentId: string, kind: string | undefined, declaredLength: number | null): Promise<void> {
    this.checkDeclaredLength(declaredLength);
    const doc = await this.readable(this.db.manager, actor, documentId);
    if (kind !== undefined && kind !== '') return this.assertMayAdd(doc, actor, this.kindOf(kind));
    // The kind may come after the file in the form: before reading, the caller must be able to add some kind.
    const possible = FILE_KINDS.filter((k) => mayAddFile(k, factsOf(doc), actor) && FILE_STATES[k].includes(doc.state));
    if (possible.length === 0) this.assertMayAdd(doc, actor, mayAddFile('report', factsOf(doc), actor) ? 'report' : 'draft');
  }

  /** `declaredLength`: the request's Content-Length, when it says (a body far over the limit is refused unread). */
  async upload(actor: Actor, documentId: string, file: IncomingFile, declaredLength: number | null = null): Promise<FileView> {
    await this.precheck(actor, documentId, file.fieldsBefore.kind, declaredLength);
    const { view, effects } = await this.receive(file, async (tx, stored, fields) => {
      const kind = this.kindOf(fields.kind);
      const id = randomUUID();
      let revision: number | null = null;
      let uploadedAt = new Date();
      const { effects } = await this.documents.annotate(tx, actor, documentId, 'ADD_FILE', async (doc, now) => {
        this.assertMayAdd(doc, actor, kind);
        uploadedAt = now;
        if (kind === 'draft') {
          const [r] = await tx.query(`SELECT coalesce(max(revision), 0) + 1 AS n FROM document_files WHERE document_id = $1`, [doc.id]);
          revision = r.n;
        }
        await tx.query(
          `INSERT INTO document_files (id, document_id, blob_sha256, name, content_type, size, kind, revision, uploaded_by, uploaded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [id, doc.id, stored.sha256, stored.name, stored.contentType, stored.size, kind, revision, actor.username, now],
        );
        return { payload: { fileId: id, name: stored.name, sha256: stored.sha256, kind, revision } };
      });
      const view: FileView = { id, ...stored, kind, revision, uploadedBy: actor.username, uploadedAt: uploadedAt.toISOString() };
      return { view, effects };
    });
    void this.afterCommit.run(effects);
    return view;
  }

  /**
   * An upload streamed into storage in one transaction, which `write` then
   * completes with the row that holds the file (and its history entry):
   * all of it lands, or none. The name is cleaned, the bytes refused past
   * FILE_MAX_MB and typed by their content; at most UPLOADS_AT_ONCE run at
   * once. For the files of documents here, and of incoming items (libs/incoming).
   */
  async receive<T>(
    file: IncomingFile,
    write: (tx: EntityManager, stored: StoredUpload, fields: Record<string, string>) => Promise<T>,
  ): Promise<T> {
    const name = this.cleanName(file.name);
    await this.slot();
    try {
      return await this.db.transaction(async (tx) => {
        let contentType: string | null = null;
        const blob = await this.storage.put(tx, this.checked(file.bytes, name, (t) => (contentType = t)));
        return write(tx, { name, size: blob.size, contentType: contentType!, sha256: blob.sha256 }, await file.fields());
      });
    } finally {
      this.release();
    }
  }

  /** Refuses, unread, a body whose Content-Length is far over FILE_MAX_MB. */
  checkDeclaredLength(declaredLength: number | null): void {
    if (declaredLength !== null && declaredLength > this.config.fileMaxBytes + 64 * 1024) throw this.tooLarge();
  }

  /** A stored file's bytes, by their SHA-256, in pieces. */
  bytesOf(sha256: string): AsyncIterable<Buffer> {
    return this.storage.read(sha256);
  }

  /** The document's files, oldest first (removed ones are left out: the history still names them). */
  async list(actor: Actor, documentId: string): Promise<FileView[]> {
    await this.readable(this.db.manager, actor, documentId);
    const rows: FileView[] = await this.db.query(
      `SELECT ${FILE_COLUMNS} FROM document_files WHERE document_id = $1 AND removed_at IS NULL ORDER BY uploaded_at, id`,
      [documentId],
    );
    return rows.map((r) => ({ ...r, uploadedAt: new Date(r.uploadedAt).toISOString() }));
  }

  /** One file and its bytes, for whoever may read the document (a removed one too: the history names it). */
  async open(actor: Actor, documentId: string, fileId: string): Promise<{ file: FileView; bytes: () => AsyncIterable<Buffer> }> {
    const doc = await this.readable(this.db.manager, actor, documentId);
    const [row]: FileView[] = await this.db.query(`SELECT ${FILE_COLUMNS} FROM document_files WHERE document_id = $1 AND id = $2`, [
      documentId,
      fileId,
    ]);
    if (!row) throw new NotFound(`Văn bản không có tệp ${fileId}`);
    await auditSecretRead(this.audit, doc, actor, 'file', { fileId, name: row.name });
    const file = { ...row, uploadedAt: new Date(row.uploadedAt).toISOString() };
    return { file, bytes: () => this.storage.read(file.sha256) };
  }

  /** Removes a file from a draft (a `REMOVE_FILE` entry); the bytes stay for the history. */
  async remove(actor: Actor, documentId: string, fileId: string): Promise<void> {
    const { effects } = await this.db.transaction((tx) =>
      this.documents.annotate(tx, actor, documentId, 'REMOVE_FILE', async (doc, now) => {
        if (!mayRemoveFile(factsOf(doc), actor)) throw new NotPermitted('Chỉ đơn vị soạn thảo được gỡ tệp của dự thảo');
        if (doc.state !== 'draft') {
          throw new Conflict(`Chỉ gỡ được tệp khi văn bản ở trạng thái "draft"; văn bản đang ở trạng thái "${doc.state}"`);
        }
        const [rows] = await tx.query(
          `UPDATE document_files SET removed_at = $3, removed_by = $4
            WHERE document_id = $1 AND id = $2 AND removed_at IS NULL
        RETURNING name, blob_sha256 AS sha256, kind, revision`,
          [doc.id, fileId, now, actor.username],
        );
        if (!rows[0]) throw new NotFound(`Văn bản không có tệp ${fileId} (hoặc tệp đã được gỡ)`);
        return { payload: { fileId, ...rows[0] } };
      }),
    );
    void this.afterCommit.run(effects);
  }

  /**
   * The first entry whose file no longer holds the bytes it recorded: an
   * `ADD_FILE` whose row points elsewhere or whose stored bytes changed, or a
   * SIGN / DISSEMINATE whose issued PDF (`pdfSha256`) did. Null when all hold.
   */
  async brokenFileEntry(documentId: string): Promise<number | null> {
    // What each entry's file row points at now: the document_files row of an ADD_FILE, the document_pdfs row of
    // the stage a SIGN (signed) or DISSEMINATE (disseminated) produced.
    const entries: Array<{ seq: number; event: string; sha256: string; stored: string | null }> = await this.db.query(
      `SELECT h.seq, h.event, coalesce(h.payload->>'sha256', h.payload->>'pdfSha256') AS sha256,
              coalesce(f.blob_sha256, p.blob_sha256) AS stored
         FROM document_history h
         LEFT JOIN document_files f ON h.event = 'ADD_FILE' AND f.id = (h.payload->>'fileId')::uuid
         LEFT JOIN document_pdfs p ON p.document_id = h.document_id
              AND p.stage = CASE h.event WHEN 'SIGN' THEN 'signed' WHEN 'DISSEMINATE' THEN 'disseminated' END
        WHERE h.document_id = $1 AND (h.event = 'ADD_FILE' OR h.payload ? 'pdfSha256') ORDER BY h.seq`,
      [documentId],
    );
    for (const e of entries) {
      if (e.stored !== e.sha256) return e.seq;
      if ((await this.storage.digest(e.sha256)) !== e.sha256) return e.seq;
    }
    return null;
  }

  private kindOf(kind: string | undefined): FileKind {
    if (kind === undefined || kind === '') return 'draft';
    if (!(FILE_KINDS as readonly string[]).includes(kind)) {
      throw new InvalidInput([`kind must be one of the following values: ${FILE_KINDS.join(', ')}`]);
    }
    return kind as FileKind;
  }

  private assertMayAdd(doc: DocumentRow, actor: Actor, kind: FileKind): void {
    if (!mayAddFile(kind, factsOf(doc), actor)) {
      throw new NotPermitted(
        kind === 'report'
          ? 'Chỉ nơi nhận còn nợ báo cáo được đính kèm tệp báo cáo'
          : 'Chỉ đơn vị soạn thảo được đính kèm dự thảo và phụ lục',
      );
    }
    if (!FILE_STATES[kind].includes(doc.state)) {
      throw new Conflict(
        `Không đính kèm được tệp loại "${kind}" khi văn bản ở trạng thái "${doc.state}" (được phép: ${FILE_STATES[kind].join(', ')})`,
      );
    }
  }

  /** The bytes as they arrive, refused past the size limit, and sniffed once the first SNIFF_BYTES are in. */
  private async *checked(source: AsyncIterable<Buffer>, name: string, typed: (t: string) => void): AsyncIterable<Buffer> {
    const max = this.config.fileMaxBytes;
    let size = 0;
    let head: Buffer[] = [];
    let headBytes = 0;
    let sniffed = false;
    const sniff = () => {
      const type = sniffType(Buffer.concat(head), name);
      if (!type) {
        throw new UnsupportedType(
          `Tệp "${name}" không thuộc loại được nhận (PDF, DOCX, DOC, XLSX, XLS, ODT, ODS, PNG, JPEG, ZIP); loại được xét theo nội dung, không theo tên`,
        );
      }
      typed(type);
      sniffed = true;
    };
    for await (const piece of source) {
      size += piece.length;
      if (size > max) throw this.tooLarge();
      if (sniffed) {
        yield piece;
        continue;
      }
      head.push(Buffer.from(piece)); // kept across reads: a copy (the parser may reuse the bytes it lent)
      headBytes += piece.length;
      if (headBytes >= SNIFF_BYTES) {
        sniff();
        yield* head;
        head = [];
      }
    }
    if (!sniffed) {
      if (size === 0) throw new InvalidInput(['file: tệp rỗng']);
      sniff();
      yield* head;
    }
  }

  private tooLarge(): TooLarge {
    return new TooLarge(`Tệp lớn hơn giới hạn ${Math.round(this.config.fileMaxBytes / 1024 / 1024)} MB (FILE_MAX_MB)`);
  }

  /** The name as given, for display: never a path (folders and control characters dropped), at most 255 characters. */
  private cleanName(raw: string): string {
    const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
    // eslint-disable-next-line no-control-regex
    const name = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
    if (!name || name === '.' || name === '..') throw new InvalidInput(['file: tệp phải có tên']);
    return name;
  }

  private async readable(tx: EntityManager, actor: Actor, id: string): Promise<DocumentRow> {
    const doc = await loadDocument(tx, id, actor, false);
    assertReadable(doc, actor);
    return doc;
  }

  private async slot(): Promise<void> {
    if (this.uploading < UPLOADS_AT_ONCE) this.uploading++;
    else await new Promise<void>((go) => this.waiting.push(go));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.uploading--;
  }
}

