import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/** Ủy quyền: `delegate` may sign in `delegator`'s place from `validFrom` until `validUntil`. */
@Entity('delegations')
@Check('delegations_check', `valid_until > valid_from`)
@Check('delegations_check1', `delegator <> delegate`)
@Index('delegations_delegate_idx', ['delegate', 'validUntil'])
export class DelegationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'delegations_pkey' })
  id: string;

  @Column('text')
  @ForeignKey(() => UserEntity, { name: 'delegations_delegator_fkey' })
  delegator: string;

  @Column('text')
  @ForeignKey(() => UserEntity, { name: 'delegations_delegate_fkey' })
  delegate: string;

  @Column({ name: 'valid_from', type: 'timestamptz' })
  validFrom: Date;

  @Column({ name: 'valid_until', type: 'timestamptz' })
  validUntil: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
