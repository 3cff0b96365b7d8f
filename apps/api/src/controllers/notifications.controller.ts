import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { TooManyAttempts, type Actor } from '../../../../libs/domain/src';
import { QueryFlag } from '../../../../libs/documents/src';
import { NotificationService } from '../../../../libs/notifications/src';
import { NotificationBus } from '../../../../libs/queue/src';
import { CurrentActor } from '../http/auth.decorators';
import { DocumentId } from '../http/id.pipe';
import { openEventStream } from '../http/event-stream';

class ListNotificationsQuery {
  @ApiPropertyOptional({ description: 'only unread ones' })
  @QueryFlag()
  unread?: boolean;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** Notification streams one user may hold open on one API process. */
export const MAX_STREAMS_PER_USER = 10;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationService,
    private readonly bus: NotificationBus,
  ) {}

  /** The caller's notifications, newest first. */
  @Get()
  @ApiResponse({ status: 200, schema: { example: [{ id: '3d1f…', kind: 'reminder', documentId: '0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10', stage: 'awaiting_signature', dueAt: '2027-06-10T16:59:59.999Z', createdAt: '2027-06-09T16:59:59.999Z', readAt: null, message: 'Nhắc việc (giai đoạn trình ký): văn bản «Quyết định thành lập Ban chỉ đạo thi» cần xem xét, ký ban hành trước hạn 10/06/2027 23:59.' }] } })
  list(@CurrentActor() actor: Actor, @Query() query: ListNotificationsQuery) {
    return this.notifications.list(actor.username, query);
  }

  /**
   * Server-sent events: `ready` once the stream is open, then `notification`
   * whenever the caller has something new (the event carries no content:
   * read GET /api/notifications), and a comment every 25 s to keep proxies
   * from closing it. Pass the token as for every other call.
   */
  @Get('stream')
  @ApiResponse({ status: 429, schema: { example: { statusCode: 429, error: 'Too Many Requests', message: 'Đã mở 10 luồng thông báo; hãy đóng bớt thẻ trình duyệt', code: 'TOO_MANY_ATTEMPTS' } } })
  @ApiResponse({ status: 401, schema: { example: { statusCode: 401, error: 'Unauthorized', message: 'Phiên đăng nhập đã hết hạn', code: 'UNAUTHENTICATED' } } })
  @ApiResponse({ status: 200, description: 'text/event-stream', content: { 'text/event-stream': { example: 'event: ready\ndata: {}\n\nevent: notification\ndata: {}\n\n' } } })
  async stream(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    // A person has a few tabs open, not a thousand: each stream holds a connection and a listener.
    if (this.bus.openStreamsOf(actor.username) >= MAX_STREAMS_PER_USER) {
      throw new TooManyAttempts(5, `Đã mở ${MAX_STREAMS_PER_USER} luồng thông báo; hãy đóng bớt thẻ trình duyệt`);
    }
    await openEventStream(res, this.bus, actor.username, 'notification');
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiResponse({ status: 200, schema: { example: { id: '3d1f…', kind: 'reminder', documentId: '0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10', stage: 'awaiting_signature', dueAt: '2027-06-10T16:59:59.999Z', createdAt: '2027-06-09T16:59:59.999Z', readAt: '2027-06-09T17:05:00.000Z', message: 'Nhắc việc…' } } })
  read(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.notifications.markRead(actor.username, id);
  }
}
