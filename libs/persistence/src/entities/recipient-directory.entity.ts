import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { GroupMember } from '../../../domain/src/types';

/** A body outside examflow that documents are sent to (Bộ Công an, UBND tỉnh Đắk Lắk, a newspaper): libs/org. */
@Entity('external_bodies')
export class ExternalBodyEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'external_bodies_pkey' })
  code: string;

  @Column('text')
  name: string;

  /** Where the issued PDF is mailed, when SMTP is on. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A group of recipients printed by its name and delivered to each member (Các sở GDĐT): libs/org. */
@Entity('recipient_groups')
export class RecipientGroupEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'recipient_groups_pkey' })
  code: string;

  @Column('text')
  name: string;

  @Column('jsonb')
  members: GroupMember[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
