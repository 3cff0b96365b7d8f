import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AgencyEntity } from './agency.entity';

/** Đơn vị: a Cục, Vụ, Phòng… Its code is unique within its agency. */
@Entity('units')
export class UnitEntity {
  @PrimaryColumn({ name: 'agency_code', type: 'text', primaryKeyConstraintName: 'units_pkey' })
  @ForeignKey(() => AgencyEntity, { name: 'units_agency_code_fkey' })
  agencyCode: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'units_pkey' })
  code: string;

  @Column('text')
  name: string;

  /** The abbreviation printed in a Công văn's number and in "Lưu: VT, …" (code `QLCL`, symbol `QLCLGDCN`). */
  @Column('text')
  symbol: string;

  /** Username of the Thứ trưởng / Phó Giám đốc in charge of the unit. */
  @Column({ type: 'text', nullable: true })
  supervisor: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
