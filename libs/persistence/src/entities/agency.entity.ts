import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AgencyLevel } from '../../../domain/src/types';

/** Cơ quan: the Bộ or a Sở. Codes may carry Vietnamese letters (BGDĐT). */
@Entity('agencies')
@Check('agencies_level_check', `level IN ('ministry', 'department', 'council')`)
export class AgencyEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'agencies_pkey' })
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  level: AgencyLevel;

  /** Cơ quan chủ quản trực tiếp, printed above the name ("UBND TỈNH KON TUM"); null: none, or derived from the name. */
  @Column({ name: 'parent_name', type: 'text', nullable: true })
  parentName: string | null;

  /** Địa danh ("Hà Nội", "Kon Tum"); null: derived from the name. */
  @Column({ type: 'text', nullable: true })
  place: string | null;

  /** The abbreviation printed in numbers (code `SGDĐT-KT`, symbol `SGDĐT`). */
  @Column('text')
  symbol: string;

  /** What "TM." is followed by ("Hội đồng thi"); null: the name. */
  @Column({ name: 'collective_name', type: 'text', nullable: true })
  collectiveName: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
