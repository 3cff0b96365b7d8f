import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { USER_EXAMPLE } from '../http/examples';
import { IsString, Length } from 'class-validator';
import { isLeaderPosition, type Actor } from '../../../../libs/domain/src';
import { AuthService, DelegationService, OrgService } from '../../../../libs/org/src';
import { CurrentActor, Public } from '../http/auth.decorators';

class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @Length(1, 100)
  username: string;

  @ApiProperty({ example: 'Doi#MatKhau2026' })
  @IsString()
  @Length(1, 200)
  password: string;
}

class ChangePasswordDto {
  @ApiProperty({ example: 'Doi#MatKhau2026' })
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  @ApiProperty({
    description: 'at least 12 characters; not a common password, nor a common word with digits and signs, nor the username',
    example: 'sen-vang bay qua Hồ Tây',
  })
  @IsString()
  @Length(1, 200)
  newPassword: string;
}

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly org: OrgService,
    private readonly delegations: DelegationService,
  ) {}

  /** 200 {accessToken, user}; 401 on a wrong username or password; 429 with Retry-After after repeated failures. */
  @Public()
  @Post('auth/login')
  @ApiResponse({ status: 200, schema: { example: { accessToken: 'eyJhbGciOiJIUzI1NiIs…', user: USER_EXAMPLE } } })
  @ApiResponse({ status: 401, schema: { example: { statusCode: 401, error: 'Unauthorized', message: 'Sai tên đăng nhập hoặc mật khẩu' } } })
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.username, dto.password, req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }

  /** 204: ends the caller's tokens — this one and any other session of theirs, on every process within a second. */
  @ApiBearerAuth()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'no content: the tokens have ended' })
  @ApiResponse({ status: 401, schema: { example: { statusCode: 401, error: 'Unauthorized', message: 'Phiên đăng nhập đã kết thúc; hãy đăng nhập lại' } } })
  async logout(@CurrentActor() actor: Actor, @Req() req: Request): Promise<void> {
    await this.auth.logout(actor, req.ip);
  }

  /**
   * 200 {accessToken, user}: the caller's new password is set, every other session of theirs has ended, and
   * this is a token for this one. 400 names what is wrong (the current password, or the new one's weakness).
   */
  @ApiBearerAuth()
  @Post('auth/password')
  @HttpCode(200)
  @ApiResponse({ status: 200, schema: { example: { accessToken: 'eyJhbGciOiJIUzI1NiIs…', user: { ...USER_EXAMPLE, mustChangePassword: false } } } })
  @ApiResponse({ status: 400, schema: { example: { statusCode: 400, error: 'Bad Request', message: ['newPassword: mật khẩu phải có ít nhất 12 ký tự'], code: 'INVALID_INPUT' } } })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Req() req: Request) {
    return this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, req.ip ?? 'unknown');
  }

  /**
   * The signed-in user, and `canSign`: whether the signing queue is theirs now (a head, a deputy head, or
   * someone a leader has delegated to), so that a client need not probe the queue for a 403.
   */
  @ApiBearerAuth()
  @Get('me')
  @ApiResponse({ status: 200, schema: { example: { ...USER_EXAMPLE, canSign: true } } })
  async me(@CurrentActor() actor: Actor) {
    const user = await this.org.getUser(actor.username);
    const leader = isLeaderPosition(actor.position);
    return { ...user, canSign: leader || (await this.delegations.signsForSomeone(actor.username)) };
  }
}
