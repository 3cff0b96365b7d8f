import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Đơn vị: a Cục, Vụ, Phòng… Its code is unique within its agency. */
@Entity('units')
export class UnitEntity {
  @PrimaryColumn({ name: 'agency_code', type: 'text' })
  agencyCode: string;

  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  /** Username of the Thứ trưởng / Phó Giám đốc in charge of the unit. */
  @Column({ type: 'text', nullable: true })
  supervisor: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
