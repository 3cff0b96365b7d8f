import { Check, Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';

/** An exam campaign (SPEC §8): one exam of one year, e.g. THPT-2027 (libs/campaigns). */
@Entity('campaigns')
@Unique('campaigns_code_key', ['code'])
export class CampaignEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'campaigns_pkey' })
  id: string;

  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('integer')
  year: number;

  /** Bumped by every change: a PATCH may say which version it saw. */
  @Column('integer')
  version: number;

  /** The version its documents' anchored deadlines were last moved to: below `version`, a move is unfinished. */
  @Column({ name: 'moved_version', type: 'integer', default: 1 })
  movedVersion: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A session (buổi thi) of a campaign: its code, subject and times. */
@Entity('campaign_sessions')
@Check('campaign_sessions_times_check', `ends_at > starts_at`)
export class CampaignSessionEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid', primaryKeyConstraintName: 'campaign_sessions_pkey' })
  @ForeignKey(() => CampaignEntity, { name: 'campaign_sessions_campaign_id_fkey' })
  campaignId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'campaign_sessions_pkey' })
  code: string;

  @Column('text')
  name: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;
}
