export * from './incoming.service';
export * from './incoming.module';
export * from './incoming.dto';
export * from './incoming.policy';
export * from './receive';
export * from './incoming-registers';
