import { Module } from '@nestjs/common';
import { DocumentsModule } from '../../documents/src/documents.module';
import { NotificationsModule } from '../../notifications/src';
import { QueueModule } from '../../queue/src';
import { BoardService } from './board.service';
import { CampaignService } from './campaign.service';

/** Exam campaigns (SPEC §8): CampaignService, owner of campaigns and campaign_sessions (a session moved moves the documents' deadlines, DeadlineMover), and the campaign's board (BoardService). */
@Module({ imports: [DocumentsModule, NotificationsModule, QueueModule], providers: [CampaignService, BoardService], exports: [CampaignService, BoardService] })
export class CampaignsModule {}
