import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { DocumentType } from '../../../domain/src/types';
import { AgencyEntity } from './agency.entity';
import { UserEntity } from './user.entity';

/**
 * Giao ký thừa ủy quyền (Nghị định 30 Điều 13.3): the agency's head authorises the head of one of its
 * units, in writing (`reference`: that document's number), to sign "TUQ." the `types` listed, from
 * `validFrom` until `validUntil`. The grantee may not pass it on.
 */
@Entity('signing_authorisations')
@Check('signing_authorisations_check', `valid_until > valid_from`)
@Check('signing_authorisations_check1', `cardinality(types) > 0`)
@Index('signing_authorisations_grantee_idx', ['grantee', 'validUntil'])
export class SigningAuthorisationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'signing_authorisations_pkey' })
  id: string;

  @Column({ name: 'agency_code', type: 'text' })
  @ForeignKey(() => AgencyEntity, { name: 'signing_authorisations_agency_code_fkey' })
  agencyCode: string;

  @Column('text')
  @ForeignKey(() => UserEntity, { name: 'signing_authorisations_grantor_fkey' })
  grantor: string;

  @Column('text')
  @ForeignKey(() => UserEntity, { name: 'signing_authorisations_grantee_fkey' })
  grantee: string;

  @Column('text')
  reference: string;

  @Column({ type: 'text', array: true })
  types: DocumentType[];

  @Column({ name: 'valid_from', type: 'timestamptz' })
  validFrom: Date;

  @Column({ name: 'valid_until', type: 'timestamptz' })
  validUntil: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
