import { Body, Controller, Get, HttpCode, Logger, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import type { Response } from 'express';
import { DomainError, type Actor, type BatchResult } from '../../../../libs/domain/src';
import { PageQuery, SigningQueueService, type SignOutcome } from '../../../../libs/documents/src';
import { CurrentActor } from '../http/auth.decorators';
import { httpStatusOf } from '../http/http-status';

class SignBatchDto {
  @ApiProperty({ example: ['0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10', '5e2d7c1a-9b3f-4e8d-8c21-7a6b5c4d3e2f'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];
}

@ApiTags('signing')
@ApiBearerAuth()
@Controller('api/signing-queue')
export class SigningQueueController {
  private readonly log = new Logger(SigningQueueController.name);

  constructor(private readonly queue: SigningQueueService) {}

  /**
   * Documents awaiting the caller's signature (or a delegator's): flash,
   * very_urgent, urgent, normal, then the earliest deadline. The total is in
   * the X-Total-Count header.
   */
  @Get()
  @ApiResponse({
    status: 200,
    schema: {
      example: [
        {
          id: '0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10',
          type: 'QĐ',
          title: 'Quyết định thành lập Ban chỉ đạo thi',
          urgency: 'flash',
          state: 'awaiting_signature',
          signer: 'thuong.pn',
          signingAuthority: 'KT',
          signatureDeadline: '2027-06-10T16:59:59.999Z',
          timeLeftMs: 5400000,
          overdue: false,
          onBehalfOf: null,
          availableEvents: ['SIGN', 'RETURN'],
        },
      ],
    },
  })
  async list(@CurrentActor() actor: Actor, @Query() page: PageQuery, @Res({ passthrough: true }) res: Response) {
    const { items, total } = await this.queue.list(actor, { limit: page.limit ?? 50, offset: page.offset ?? 0 });
    res.setHeader('X-Total-Count', String(total));
    return items;
  }

  /** Signs each document in its own transaction; answers per id. */
  @Post('sign')
  @HttpCode(200)
  @ApiResponse({
    status: 200,
    schema: {
      example: [
        { id: '0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10', status: 200, number: '12/QĐ-BGDĐT' },
        { id: '5e2d7c1a-9b3f-4e8d-8c21-7a6b5c4d3e2f', status: 409, message: 'Sự kiện SIGN không được phép ở trạng thái "signed"; …' },
      ],
    },
  })
  async sign(@CurrentActor() actor: Actor, @Body() dto: SignBatchDto): Promise<BatchResult[]> {
    const outcomes = await this.queue.signMany(actor, dto.ids);
    return outcomes.map((o) => this.answer(o));
  }

  /** SPEC's answer for one id: 200 and the number; a domain error's status and message; else 500, logged. */
  private answer(outcome: SignOutcome): BatchResult {
    if (!('error' in outcome)) return { id: outcome.id, status: 200, number: outcome.number };
    const e = outcome.error;
    if (e instanceof DomainError) return { id: outcome.id, status: httpStatusOf(e.code), message: e.message };
    this.log.error(`batch SIGN of ${outcome.id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return { id: outcome.id, status: 500, message: 'Lỗi máy chủ' };
  }
}
