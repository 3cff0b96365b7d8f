import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { AUDIT_ACTIONS, AuditService, type AuditAction } from '../../../../libs/audit/src';
import { PageQuery } from '../../../../libs/documents/src';
import { Positions } from '../http/auth.decorators';

class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ description: 'username (or the name a failed login gave)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actor?: string;

  @ApiPropertyOptional({ example: '2027-06-01T00:00:00+07:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2027-07-01T00:00:00+07:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit trail, newest first (admins): failed logins, refusals, imports, calendar changes, delegations. */
  @Positions('admin')
  @Get()
  @ApiResponse({
    status: 200,
    schema: {
      example: [
        { id: '42', at: '2027-06-02T01:15:00.000Z', actor: 'an.nv', address: '10.0.0.7', action: 'forbidden', target: 'POST /api/documents/…/events', detail: { message: 'Người dùng an.nv không được gửi sự kiện SIGN cho văn bản này' } },
      ],
    },
  })
  async list(@Query() q: AuditQuery, @Res({ passthrough: true }) res: Response) {
    const { items, total } = await this.audit.list({
      action: q.action,
      actor: q.actor,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
    res.setHeader('X-Total-Count', String(total));
    return items;
  }
}
