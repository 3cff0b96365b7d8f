import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { NotPermitted, Unauthenticated, type Position } from '../../../../libs/domain/src';
import { AuthService } from '../../../../libs/org/src';
import { POSITIONS_KEY, PUBLIC_KEY } from './auth.decorators';

/** Every route needs a valid bearer token unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: unknown = req.headers?.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new Unauthenticated('Thiếu mã truy cập (Authorization: Bearer <token>)');
    req.actor = await this.auth.authenticate(match[1]);
    const positions = this.reflector.getAllAndOverride<Position[] | undefined>(POSITIONS_KEY, targets);
    if (positions && !positions.includes(req.actor.position)) {
      throw new NotPermitted(`Chức năng này dành cho: ${positions.join(', ')}`);
    }
    return true;
  }
}
