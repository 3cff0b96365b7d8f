import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { AgencyEntity } from './agency.entity';

/** The last number issued by an agency in a year (Asia/Ho_Chi_Minh), per series. */
@Entity('number_counters')
export class NumberCounterEntity {
  @PrimaryColumn({ name: 'agency_code', type: 'text', primaryKeyConstraintName: 'number_counters_pkey' })
  @ForeignKey(() => AgencyEntity, { name: 'number_counters_agency_code_fkey' })
  agencyCode: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'number_counters_pkey' })
  year: number;

  /** '' for the agency's series, 'mật' for its secret documents' own (Nghị định 30 Điều 15.2). */
  @PrimaryColumn({ type: 'text', default: '', primaryKeyConstraintName: 'number_counters_pkey' })
  series: string;

  @Column({ name: 'last_value', type: 'integer' })
  lastValue: number;
}
