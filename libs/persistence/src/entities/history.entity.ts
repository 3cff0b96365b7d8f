import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { DocumentEntity } from './document.entity';

/**
 * One transition of a document, append-only. `hash` is SHA-256 of
 * `prevHash` and the entry's canonical JSON (libs/domain hash-chain.ts).
 */
@Entity('document_history')
export class HistoryEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid', primaryKeyConstraintName: 'document_history_pkey' })
  @ForeignKey(() => DocumentEntity, { name: 'document_history_document_id_fkey' })
  documentId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'document_history_pkey' })
  seq: number;

  @Column('text')
  event: string;

  @Column({ name: 'from_state', type: 'text', nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'text' })
  toState: string;

  @Column('text')
  actor: string;

  /** The signer a delegate acted for (ủy quyền). */
  @Column({ name: 'on_behalf_of', type: 'text', nullable: true })
  onBehalfOf: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  @Column('text')
  hash: string;
}
