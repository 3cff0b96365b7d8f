import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Position } from '../../../domain/src/types';
import { AgencyEntity } from './agency.entity';
import { UnitEntity } from './unit.entity';

@Entity('users')
@Check('users_position_check', `position IN ('officer', 'deputy_unit_head', 'unit_head', 'deputy_head', 'acting_head', 'head', 'clerk', 'admin')`)
@Check('users_check', `agency_code IS NOT NULL OR position = 'admin'`)
@Check('users_check1', `unit_code IS NULL OR agency_code IS NOT NULL`)
@ForeignKey(() => UnitEntity, ['agencyCode', 'unitCode'], ['agencyCode', 'code'], { name: 'users_agency_code_unit_code_fkey' })
@Index('users_agency_idx', ['agencyCode', 'position'])
export class UserEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'users_pkey' })
  username: string;

  /** scrypt hash with its parameters and salt; never leaves the server. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  /** Null only for an administrator outside any agency (the first admin). */
  @Column({ name: 'agency_code', type: 'text', nullable: true })
  @ForeignKey(() => AgencyEntity, { name: 'users_agency_code_fkey' })
  agencyCode: string | null;

  @Column({ name: 'unit_code', type: 'text', nullable: true })
  unitCode: string | null;

  @Column('text')
  position: Position;

  @Column('text')
  title: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Tokens carry it; bumped when the password changes, the user moves, is disabled or logs out. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** The password was set by an administrator (the import): the user is asked to choose their own. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;
}
