import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { DocumentEntity } from './document.entity';

/** A piece of a file's bytes, stored once whatever file holds it (key: its SHA-256, hex). */
@Entity('file_chunks')
export class FileChunkEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'file_chunks_pkey' })
  sha256: string;

  @Column('bytea')
  data: Buffer;
}

/** A file's content: its chunks in order (key: the SHA-256 of the whole, hex). */
@Entity('file_blobs')
export class FileBlobEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'file_blobs_pkey' })
  sha256: string;

  @Column('bigint')
  size: string;

  @Column({ type: 'text', array: true })
  chunks: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** A file of a document (draft revision, annex, report), as uploaded; removal only marks it. */
@Entity('document_files')
@Check('document_files_kind_check', `kind IN ('draft', 'annex', 'report')`)
@Check('document_files_revision_check', `(kind = 'draft') = (revision IS NOT NULL)`)
@Index('document_files_document_idx', ['documentId', 'uploadedAt'])
@Index('document_files_revision_key', ['documentId', 'revision'], { unique: true })
export class DocumentFileEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'document_files_pkey' })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  @ForeignKey(() => DocumentEntity, { name: 'document_files_document_id_fkey' })
  documentId: string;

  @Column({ name: 'blob_sha256', type: 'text' })
  @ForeignKey(() => FileBlobEntity, { name: 'document_files_blob_sha256_fkey' })
  blobSha256: string;

  /** As the uploader named it (Vietnamese, spaces): shown and offered on download, never a path. */
  @Column('text')
  name: string;

  /** Sniffed from the bytes. */
  @Column({ name: 'content_type', type: 'text' })
  contentType: string;

  @Column('bigint')
  size: string;

  @Column('text')
  kind: 'draft' | 'annex' | 'report';

  /** Dự thảo lần N: the draft files numbered 1, 2, …; null for the other kinds. */
  @Column({ type: 'integer', nullable: true })
  revision: number | null;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt: Date;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @Column({ name: 'removed_by', type: 'text', nullable: true })
  removedBy: string | null;
}
