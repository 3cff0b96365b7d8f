import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AgencyLevel } from '../../../domain/src/types';

/** Cơ quan: the Bộ or a Sở. Codes may carry Vietnamese letters (BGDĐT). */
@Entity('agencies')
export class AgencyEntity {
  @PrimaryColumn('text')
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
