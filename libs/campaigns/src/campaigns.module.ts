import { Module } from '@nestjs/common';
import { CampaignService } from './campaign.service';

/** Exam campaigns (SPEC §8): CampaignService, owner of campaigns and campaign_sessions. */
@Module({ providers: [CampaignService], exports: [CampaignService] })
export class CampaignsModule {}
