import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { AgencyEntity } from './agency.entity';
import { DocumentEntity } from './document.entity';
import { FileBlobEntity } from './file.entity';

/** An incoming item (văn bản đến) of a receiving agency (libs/incoming). */
@Entity('incoming_items')
@Check('incoming_items_urgency_check', `urgency IN ('normal', 'urgent', 'very_urgent', 'flash')`)
@Check('incoming_items_state_check', `state IN ('received', 'registered', 'assigned', 'in_progress', 'done', 'returned', 'recalled')`)
@Unique('incoming_items_number_key', ['agencyCode', 'incomingYear', 'incomingNumber'])
@Unique('incoming_items_source_key', ['agencyCode', 'sourceDocumentId'])
@Index('incoming_items_agency_idx', ['agencyCode', 'state', 'receivedAt'])
export class IncomingItemEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'incoming_items_pkey' })
  id: string;

  @Column({ name: 'agency_code', type: 'text' })
  @ForeignKey(() => AgencyEntity, { name: 'incoming_items_agency_code_fkey' })
  agencyCode: string;

  /** The examflow document it came from; null for what came from outside. */
  @Column({ name: 'source_document_id', type: 'uuid', nullable: true })
  @ForeignKey(() => DocumentEntity, { name: 'incoming_items_source_document_id_fkey' })
  sourceDocumentId: string | null;

  /** Tác giả: the issuing body. */
  @Column('text')
  sender: string;

  /** Số, ký hiệu of the document received. */
  @Column({ type: 'text', nullable: true })
  number: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column('text')
  type: string;

  @Column('text')
  title: string;

  @Column('text')
  urgency: string;

  @Column('text')
  state: string;

  @Column('integer')
  version: number;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId: string;

  @Column({ name: 'workflow_version', type: 'integer' })
  workflowVersion: number;

  @Column({ name: 'last_hash', type: 'text' })
  lastHash: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'incoming_year', type: 'integer', nullable: true })
  incomingYear: number | null;

  /** Số đến: one sequence per agency and year, from 1, no gap. */
  @Column({ name: 'incoming_number', type: 'integer', nullable: true })
  incomingNumber: number | null;

  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true })
  registeredAt: Date | null;

  @Column({ name: 'registered_by', type: 'text', nullable: true })
  registeredBy: string | null;

  @Column({ name: 'lead_unit', type: 'text', nullable: true })
  leadUnit: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  cooperating: string[];

  @Column({ name: 'info_units', type: 'text', array: true, default: () => "'{}'" })
  infoUnits: string[];

  @Column({ type: 'timestamptz', nullable: true })
  deadline: Date | null;

  /** Ý kiến chỉ đạo. */
  @Column({ type: 'text', nullable: true })
  instruction: string | null;

  @Column({ name: 'assigned_by', type: 'text', nullable: true })
  assignedBy: string | null;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

  /** The unit leader's step (Phụ lục IV VII mục 2): the person of the lead unit who handles it, by when, given by whom. */
  @Column({ type: 'text', nullable: true })
  handler: string | null;

  /** How the processing deadline was given when against the source document's exam campaign (SPEC §8): `{ deadline: { anchor, … } }`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  anchors: Record<string, { anchor: string; workingDays?: number; hours?: number }>;

  @Column({ name: 'handler_deadline', type: 'timestamptz', nullable: true })
  handlerDeadline: Date | null;

  @Column({ name: 'handler_assigned_by', type: 'text', nullable: true })
  handlerAssignedBy: string | null;

  @Column({ name: 'handler_assigned_at', type: 'timestamptz', nullable: true })
  handlerAssignedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy: string | null;

  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One event in an incoming item's life, hash-chained like a document's history. */
@Entity('incoming_history')
export class IncomingHistoryEntity {
  @PrimaryColumn({ name: 'incoming_id', type: 'uuid', primaryKeyConstraintName: 'incoming_history_pkey' })
  @ForeignKey(() => IncomingItemEntity, { name: 'incoming_history_incoming_id_fkey' })
  incomingId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'incoming_history_pkey' })
  seq: number;

  @Column('text')
  event: string;

  @Column({ name: 'from_state', type: 'text', nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'text' })
  toState: string;

  @Column('text')
  actor: string;

  @Column('timestamptz')
  at: Date;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  @Column('text')
  hash: string;
}

/** The last số đến given by an agency in a year. */
@Entity('incoming_numbers')
export class IncomingNumberEntity {
  @PrimaryColumn({ name: 'agency_code', type: 'text', primaryKeyConstraintName: 'incoming_numbers_pkey' })
  @ForeignKey(() => AgencyEntity, { name: 'incoming_numbers_agency_code_fkey' })
  agencyCode: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'incoming_numbers_pkey' })
  year: number;

  @Column('integer')
  last: number;
}

/** A file of an incoming item: the scan of what came on paper, or a working file of the unit handling it. */
@Entity('incoming_files')
@Index('incoming_files_incoming_idx', ['incomingId', 'uploadedAt'])
export class IncomingFileEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'incoming_files_pkey' })
  id: string;

  @Column({ name: 'incoming_id', type: 'uuid' })
  @ForeignKey(() => IncomingItemEntity, { name: 'incoming_files_incoming_id_fkey' })
  incomingId: string;

  @Column({ name: 'blob_sha256', type: 'text' })
  @ForeignKey(() => FileBlobEntity, { name: 'incoming_files_blob_sha256_fkey' })
  blobSha256: string;

  /** As the uploader named it, never a path. */
  @Column('text')
  name: string;

  /** Sniffed from the bytes. */
  @Column({ name: 'content_type', type: 'text' })
  contentType: string;

  @Column('bigint')
  size: string;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt: Date;
}
