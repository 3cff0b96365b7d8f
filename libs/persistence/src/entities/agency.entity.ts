import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AgencyLevel } from '../../../domain/src/types';

/** Cơ quan: the Bộ or a Sở. Codes may carry Vietnamese letters (BGDĐT). */
@Entity('agencies')
@Check('agencies_level_check', `level IN ('ministry', 'department')`)
export class AgencyEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'agencies_pkey' })
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  level: AgencyLevel;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
