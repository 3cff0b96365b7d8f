import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Position } from '../../../domain/src/types';

@Entity('users')
export class UserEntity {
  @PrimaryColumn('text')
  username: string;

  /** scrypt hash with its parameters and salt; never leaves the server. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  /** Null only for an administrator outside any agency (the first admin). */
  @Column({ name: 'agency_code', type: 'text', nullable: true })
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
}
