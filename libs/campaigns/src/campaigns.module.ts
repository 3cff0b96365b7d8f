import { Module } from '@nestjs/common';
import { DocumentsModule } from '../../documents/src/documents.module';
import { CampaignService } from './campaign.service';

/** Exam campaigns (SPEC §8): CampaignService, owner of campaigns and campaign_sessions; a session moved moves the documents' deadlines (DeadlineMover). */
@Module({ imports: [DocumentsModule], providers: [CampaignService], exports: [CampaignService] })
export class CampaignsModule {}
