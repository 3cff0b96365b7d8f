import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { AuthService, resolveJwtSecret } from './auth.service';
import { DelegationService } from './delegation.service';
import { AuthorisationService } from './authorisation.service';
import { OrgService } from './org.service';
import { LoginThrottle } from './login-throttle';
import { QueueModule } from '../../queue/src';

@Module({
  imports: [
    QueueModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries it as a public key and
        // builds the secret key only after that throws — on every request (≈ 0.3 ms of CPU, a tenth of a
        // transition over HTTP). jsonwebtoken takes a KeyObject; @nestjs/jwt's type only names string | Buffer.
        secret: createSecretKey(Buffer.from(resolveJwtSecret(config), 'utf8')) as unknown as Buffer,
        // A bare number is seconds (jsonwebtoken would read the string "3600" as milliseconds).
        // One algorithm, pinned both ways: a token signed otherwise (none, RS256 with our secret as a key) is refused.
        verifyOptions: { algorithms: ['HS256'] },
        signOptions: {
          algorithm: 'HS256',
          expiresIn: /^\d+$/.test(config.jwtExpiresIn) ? Number(config.jwtExpiresIn) : (config.jwtExpiresIn as `${number}h`),
        },
      }),
    }),
  ],
  providers: [OrgService, AuthService, DelegationService, AuthorisationService, LoginThrottle],
  exports: [OrgService, AuthService, DelegationService, AuthorisationService],
})
export class OrgModule {}
