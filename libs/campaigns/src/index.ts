export * from './campaign.dto';
export * from './campaign.service';
export * from './campaigns.module';
export * from './board.service';
