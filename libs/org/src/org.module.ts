import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { AuthService, resolveJwtSecret } from './auth.service';
import { DelegationService } from './delegation.service';
import { OrgService } from './org.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [DataSource, APP_CONFIG],
      useFactory: async (db: DataSource, config: AppConfig) => ({
        secret: await resolveJwtSecret(db, config),
        // A bare number is seconds (jsonwebtoken would read the string "3600" as milliseconds).
        signOptions: {
          expiresIn: /^\d+$/.test(config.jwtExpiresIn) ? Number(config.jwtExpiresIn) : (config.jwtExpiresIn as `${number}h`),
        },
      }),
    }),
  ],
  providers: [OrgService, AuthService, DelegationService],
  exports: [OrgService, AuthService, DelegationService],
})
export class OrgModule {}
