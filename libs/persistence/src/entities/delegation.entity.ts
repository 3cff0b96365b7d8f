import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Ủy quyền: `delegate` may sign in `delegator`'s place from `validFrom` until `validUntil`. */
@Entity('delegations')
@Index('delegations_delegate_idx', ['delegate', 'validUntil'])
export class DelegationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  delegator: string;

  @Column('text')
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
