import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { DocumentEntity } from './document.entity';
import { FileBlobEntity } from './file.entity';

/** The current signing certificate of a signer or an agency (libs/pki); its key sealed under SIGNING_KEY. */
@Entity('certificates')
@Check('certificates_holder_kind_check', `holder_kind IN ('user', 'agency')`)
@Check('certificates_source_check', `source IN ('issued', 'imported')`)
export class CertificateEntity {
  @PrimaryColumn({ name: 'holder_kind', type: 'text', primaryKeyConstraintName: 'certificates_pkey' })
  holderKind: 'user' | 'agency';

  /** A username or an agency code. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'certificates_pkey' })
  holder: string;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem: string;

  /** The issuers, nearest first (PEM, concatenated). */
  @Column({ name: 'chain_pem', type: 'text' })
  chainPem: string;

  @Column({ name: 'key_sealed', type: 'text' })
  keySealed: string;

  @Column('text')
  source: 'issued' | 'imported';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** An issued PDF of a document: what SIGN produced, then what DISSEMINATE countersigned (libs/pdf). */
@Entity('document_pdfs')
@Check('document_pdfs_stage_check', `stage IN ('signed', 'disseminated')`)
export class DocumentPdfEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid', primaryKeyConstraintName: 'document_pdfs_pkey' })
  @ForeignKey(() => DocumentEntity, { name: 'document_pdfs_document_id_fkey' })
  documentId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'document_pdfs_pkey' })
  stage: 'signed' | 'disseminated';

  @Column({ name: 'blob_sha256', type: 'text' })
  @ForeignKey(() => FileBlobEntity, { name: 'document_pdfs_blob_sha256_fkey' })
  blobSha256: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
