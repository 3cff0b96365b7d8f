import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DocumentState, DocumentType, SigningAuthority, Urgency } from '../../../domain/src/types';
import type { PersistedDocumentSnapshot } from '../../../../workflows/shared/workflow-definition';

/**
 * A document and where it stands. `version` is +1 per transition and is the
 * optimistic lock (TypeORM's @VersionColumn does not guard save(): the
 * document service updates `WHERE version = $n` itself). `lastHash` is the
 * head of the history chain.
 */
@Entity('documents')
@Index('documents_number_uq', ['agencyCode', 'numberYear', 'numberSeq'], { unique: true })
export class DocumentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  type: DocumentType;

  @Column({ type: 'varchar', length: 1000 })
  title: string;

  @Column({ type: 'text', default: '' })
  body: string;

  @Column('text')
  urgency: Urgency;

  @Column('text')
  state: DocumentState;

  @Column('integer')
  version: number;

  @Column({ name: 'agency_code', type: 'text' })
  agencyCode: string;

  @Column({ name: 'unit_code', type: 'text' })
  unitCode: string;

  @Column('text')
  drafter: string;

  @Column({ type: 'text', nullable: true })
  signer: string | null;

  @Column({ name: 'signing_authority', type: 'text', nullable: true })
  signingAuthority: SigningAuthority | null;

  @Column({ name: 'signature_block', type: 'text', nullable: true })
  signatureBlock: string | null;

  @Column({ type: 'text', nullable: true })
  number: string | null;

  @Column({ name: 'number_year', type: 'integer', nullable: true })
  numberYear: number | null;

  @Column({ name: 'number_seq', type: 'integer', nullable: true })
  numberSeq: number | null;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ name: 'consultation_deadline', type: 'timestamptz', nullable: true })
  consultationDeadline: Date | null;

  @Column({ name: 'signature_deadline', type: 'timestamptz', nullable: true })
  signatureDeadline: Date | null;

  @Column({ name: 'dissemination_deadline', type: 'timestamptz', nullable: true })
  disseminationDeadline: Date | null;

  @Column({ name: 'report_deadline', type: 'timestamptz', nullable: true })
  reportDeadline: Date | null;

  @Column({ name: 'closing_summary', type: 'text', nullable: true })
  closingSummary: string | null;

  /** Who actually signed: the signer, or their delegate. */
  @Column({ name: 'signed_by', type: 'text', nullable: true })
  signedBy: string | null;

  /** Ed25519 signature (base64) of the SHA-256 of the canonical content. */
  @Column({ type: 'text', nullable: true })
  signature: string | null;

  /** The signing public key at the time of signing (SPKI DER, base64). */
  @Column({ name: 'signature_public_key', type: 'text', nullable: true })
  signaturePublicKey: string | null;

  @Column({ name: 'disseminated_at', type: 'timestamptz', nullable: true })
  disseminatedAt: Date | null;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId: string;

  @Column({ name: 'workflow_version', type: 'integer' })
  workflowVersion: number;

  @Column('jsonb')
  snapshot: PersistedDocumentSnapshot;

  @Column({ name: 'last_hash', type: 'text' })
  lastHash: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
