import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Position } from '../../../../libs/domain/src';

export const PUBLIC_KEY = 'examflow:public';
export const POSITIONS_KEY = 'examflow:positions';

/** No token needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only these positions may call the route. */
export const Positions = (...positions: Position[]) => SetMetadata(POSITIONS_KEY, positions);

/** The authenticated caller. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest().actor;
});
