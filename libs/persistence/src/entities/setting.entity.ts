import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Server-wide values every process must agree on (e.g. a generated JWT secret). */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'settings_pkey' })
  key: string;

  @Column('text')
  value: string;
}
