import { CampaignEntity } from './campaign.entity';
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { Confidentiality, DocumentState, DocumentType, SigningAuthority, Urgency } from '../../../domain/src/types';
import type { PersistedDocumentSnapshot } from '../../../../workflows/shared/workflow-definition';
import { AgencyEntity } from './agency.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';

/**
 * A document and where it stands. `version` is +1 per transition and is the
 * optimistic lock (TypeORM's @VersionColumn does not guard save(): the
 * document service updates `WHERE version = $n` itself). `lastHash` is the
 * head of the history chain.
 */
@Entity('documents')
@Check('documents_type_check', `type IN ('NQ', 'QĐ', 'CT', 'QC', 'QyĐ', 'HD', 'KH', 'CTr', 'PA', 'ĐA', 'DA', 'TB', 'TC', 'BC', 'TTr', 'BB', 'CV', 'CĐ', 'HĐ', 'BGN', 'BTT', 'GM', 'GGT', 'GUQ', 'GNP', 'PG', 'PC', 'PB')`)
@Check('documents_urgency_check', `urgency IN ('normal', 'urgent', 'very_urgent', 'flash')`)
@Check(
  'documents_state_check',
  `state IN ('draft', 'consulting', 'consulted', 'awaiting_review', 'awaiting_signature', 'signed', 'disseminated', 'reported', 'withdrawn', 'recalled')`,
)
@Check('documents_version_check', `version >= 1`)
@Check('documents_confidentiality_check', `confidentiality IN ('normal', 'confidential', 'secret', 'top_secret')`)
@Check('documents_number_series_check', `number_series IN ('', 'mật')`)
@Check('documents_amend_kind_check', `amend_kind IN ('correction', 'replacement')`)
@Check('documents_amends_check', `(amends IS NULL) = (amend_kind IS NULL)`)
@Index('documents_amends_idx', ['amends'], { where: 'amends IS NOT NULL' })
@Check('documents_signing_authority_check', `signing_authority IN ('KT', 'TL', 'TUQ', 'TM', 'Q')`)
@Check('documents_check', `(number IS NULL) = (number_seq IS NULL) AND (number_seq IS NULL) = (number_year IS NULL)`)
@ForeignKey(() => UnitEntity, ['agencyCode', 'unitCode'], ['agencyCode', 'code'], { name: 'documents_agency_code_unit_code_fkey' })
@Index('documents_number_uq', ['agencyCode', 'numberYear', 'numberSeries', 'numberSeq'], { unique: true })
@Index('documents_register_idx', ['agencyCode', 'numberYear', 'numberSeq'], { where: 'number IS NOT NULL' })
@Index('documents_drafter_idx', ['drafter'])
@Index('documents_campaign_idx', ['campaignId'], { where: 'campaign_id IS NOT NULL' })
// Not expressible in @Index, so the schema builder leaves them alone (`synchronize: false`); the migrations define them:
// (agency_code, state, updated_at DESC) and (agency_code, unit_code, updated_at DESC): @Index has no per-column order.
@Index('documents_agency_state_idx', { synchronize: false })
@Index('documents_unit_idx', { synchronize: false })
// (signer, <urgency rank: flash 0, very_urgent 1, urgent 2, else 3>, signature_deadline, id) WHERE state = 'awaiting_signature':
// an expression index, the signing queue in SPEC order (1732600000000-signing.ts).
@Index('documents_signing_queue_idx', { synchronize: false })
// GIN (refs jsonb_path_ops): the documents that answer an incoming item (libs/persistence sql answersTo).
@Index('documents_refs_idx', { synchronize: false })
export class DocumentEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'documents_pkey' })
  id: string;

  @Column('text')
  type: DocumentType;

  @Column({ type: 'varchar', length: 1000 })
  title: string;

  @Column({ type: 'text', default: '' })
  body: string;

  @Column('text')
  urgency: Urgency;

  /** Độ mật (SPEC §9). */
  @Column({ type: 'text', default: 'normal' })
  confidentiality: Confidentiality;

  /** The series its number was taken from: '' or 'mật' (Điều 15.2). */
  @Column({ name: 'number_series', type: 'text', default: '' })
  numberSeries: string;

  /** Thu hồi (Điều 18.4): when, and why. */
  @Column({ name: 'recalled_at', type: 'timestamptz', nullable: true })
  recalledAt: Date | null;

  @Column({ name: 'recall_reason', type: 'text', nullable: true })
  recallReason: string | null;

  /** The document this one corrects or replaces (Điều 18.3), and which. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => DocumentEntity, { name: 'documents_amends_fkey' })
  amends: string | null;

  @Column({ name: 'amend_kind', type: 'text', nullable: true })
  amendKind: 'correction' | 'replacement' | null;

  /** The document that replaced this one, once it was disseminated. */
  @Column({ name: 'replaced_by', type: 'uuid', nullable: true })
  @ForeignKey(() => DocumentEntity, { name: 'documents_replaced_by_fkey' })
  replacedBy: string | null;

  /** The corrections of this one, once each was disseminated. */
  @Column({ name: 'corrected_by', type: 'uuid', array: true, default: () => "'{}'" })
  correctedBy: string[];

  @Column('text')
  state: DocumentState;

  @Column('integer')
  version: number;

  @Column({ name: 'agency_code', type: 'text' })
  @ForeignKey(() => AgencyEntity, { name: 'documents_agency_code_fkey' })
  agencyCode: string;

  @Column({ name: 'unit_code', type: 'text' })
  unitCode: string;

  @Column('text')
  @ForeignKey(() => UserEntity, { name: 'documents_drafter_fkey' })
  drafter: string;

  @Column({ type: 'text', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'documents_signer_fkey' })
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

  /** Nơi nhận as the drafting unit proposed it before signature (SPEC §7): what the signed PDF prints. */
  @Column({ name: 'proposed_recipients', type: 'jsonb', nullable: true })
  proposedRecipients: Array<{ agencyCode: string; unitCode: string | null; purpose: string }> | null;

  @Column({ name: 'proposed_report_deadline', type: 'timestamptz', nullable: true })
  proposedReportDeadline: Date | null;

  /** The exam campaign it belongs to (SPEC §8). */
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  @ForeignKey(() => CampaignEntity, { name: 'documents_campaign_id_fkey' })
  campaignId: string | null;

  /** How each anchored deadline field was given (SPEC §8), e.g. `{ consultationDeadline: { anchor, workingDays } }`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  anchors: Record<string, { anchor: string; workingDays?: number; hours?: number }>;

  /** Per-session reports asked by DISSEMINATE (SPEC §8): due `hours` after each session of the campaign ends; null when none. */
  @Column({ name: 'session_reports', type: 'jsonb', nullable: true })
  sessionReports: { hours: number } | null;

  /** Căn cứ / the letters it answers (SPEC §9), resolved: `{ documentId, number, issuedAt, title }`. */
  @Column({ name: 'refs', type: 'jsonb', default: () => "'[]'" })
  references: Array<{ documentId: string | null; number: string; issuedAt: string | null; title: string }>;

  @Column({ name: 'closing_summary', type: 'text', nullable: true })
  closingSummary: string | null;

  /** Who actually signed: the signer, or their delegate. */
  @Column({ name: 'signed_by', type: 'text', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'documents_signed_by_fkey' })
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
