import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
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

/** The image a signature shows: a signer's handwritten signature (ô 7c) or an agency's seal (ô 8) (libs/pdf). */
@Entity('signature_images')
@Check('signature_images_holder_kind_check', `holder_kind IN ('user', 'agency')`)
export class SignatureImageEntity {
  @PrimaryColumn({ name: 'holder_kind', type: 'text', primaryKeyConstraintName: 'signature_images_pkey' })
  holderKind: 'user' | 'agency';

  /** A username or an agency code. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'signature_images_pkey' })
  holder: string;

  @Column('bytea')
  png: Buffer;

  @Column('text')
  sha256: string;

  /** Its width on paper: a seal at its real size (Phụ lục I II.8). */
  @Column({ name: 'width_mm', type: 'real' })
  widthMm: number;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy: string;

  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt: Date;
}

/** A certificate its holder signed with before the current one (libs/pki): what it signed stays vouched for. */
@Entity('retired_certificates')
@Check('retired_certificates_holder_kind_check', `holder_kind IN ('user', 'agency')`)
@Check('retired_certificates_source_check', `source IN ('issued', 'imported')`)
export class RetiredCertificateEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'retired_certificates_pkey' })
  id: string;

  @Column({ name: 'holder_kind', type: 'text' })
  holderKind: 'user' | 'agency';

  @Column('text')
  holder: string;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem: string;

  @Column('text')
  source: 'issued' | 'imported';

  @Column({ name: 'retired_at', type: 'timestamptz' })
  retiredAt: Date;
}
