import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { vietnamYear, type Actor } from '../../../../libs/domain/src';
import { QueryFlag, RegisterService, YearQuery } from '../../../../libs/documents/src';
import { IncomingRegisters } from '../../../../libs/incoming/src';
import { FOLLOW_UP_COLUMNS, INCOMING_COLUMNS, OUTGOING_COLUMNS, columnsCsv } from '../../../../libs/domain/src';
import { CurrentActor } from '../http/auth.decorators';

class RegisterQuery extends YearQuery {
  @ApiPropertyOptional({ enum: ['csv'], description: 'csv: UTF-8 with a BOM; JSON without' })
  @IsOptional()
  @IsIn(['csv'])
  format?: 'csv';

  @ApiPropertyOptional({ example: 'BGDĐT', description: "an admin names the agency; others get their own" })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  agency?: string;
}

class OutgoingRegisterQuery extends RegisterQuery {
  @ApiPropertyOptional({ description: 'true: the register of secret documents, their own number series (clerks and leaders of the agency)' })
  @QueryFlag()
  confidential?: boolean;
}

@ApiTags('registers')
@ApiBearerAuth()
@Controller('api/registers')
export class RegistersController {
  constructor(
    private readonly registers: RegisterService,
    private readonly incomingRegisters: IncomingRegisters,
  ) {}

  /** Sổ đăng ký văn bản đi (Nghị định 30 Phụ lục IV): one row per number, in number order. */
  @Get('outgoing')
  @ApiResponse({
    status: 200,
    schema: {
      example: [
        {
          seq: 1,
          documentId: '0b7c3f0e-1f7a-4c55-9a76-0d3c2a9e5b10',
          number: '01/KH-BGDĐT',
          date: '05/01/2027',
          typeAndSummary: 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027',
          signer: 'Phạm Ngọc Thưởng',
          recipients: 'Sở Giáo dục và Đào tạo Đắk Lắk',
          copyHolder: 'Cục Quản lý chất lượng; Văn phòng',
          copies: 2,
          sentAt: '05/01/2027',
          receivedBy: 'Sở Giáo dục và Đào tạo Đắk Lắk',
          notes: 'Khẩn Ký KT.',
        },
      ],
    },
  })
 async outgoing(@CurrentActor() actor: Actor, @Query() q: OutgoingRegisterQuery, @Res({ passthrough: true }) res: Response) {
    const year = q.year ?? vietnamYear(new Date());
    const rows = await this.registers.outgoing(actor, year, q.agency, q.confidential ?? false);
    return q.format === 'csv' ? this.csv(res, q.confidential ? 'so-van-ban-di-mat' : 'so-van-ban-di', q.agency ?? actor.agencyCode ?? 'all', year, columnsCsv(OUTGOING_COLUMNS, rows)) : rows;
  }

  /** Sổ đăng ký văn bản đến (Nghị định 30 Phụ lục IV): one row per số đến, in its order. */
  @Get('incoming')
  @ApiResponse({
    status: 200,
    schema: {
      example: [
        {
          incomingId: '3c1f0d2e-8b7a-4f55-9a76-0d3c2a9e5b10',
          receivedAt: '05/03/2027',
          incomingNumber: 1,
          sender: 'Bộ Giáo dục và Đào tạo',
          number: '01/KH-BGDĐT',
          date: '05/03/2027',
          typeAndSummary: 'Kế hoạch tổ chức Kỳ thi tốt nghiệp THPT năm 2027',
          assignedTo: 'Phòng Khảo thí và Kiểm định chất lượng (chủ trì); Văn phòng Sở (phối hợp)',
          assignedAt: '05/03/2027',
          receivedBy: 'Phòng Khảo thí và Kiểm định chất lượng',
          notes: null,
        },
      ],
    },
  })
  async incoming(@CurrentActor() actor: Actor, @Query() q: RegisterQuery, @Res({ passthrough: true }) res: Response) {
    const year = q.year ?? vietnamYear(new Date());
    const rows = await this.incomingRegisters.incoming(actor, year, q.agency);
    return q.format === 'csv' ? this.csv(res, 'so-van-ban-den', q.agency ?? actor.agencyCode ?? 'all', year, columnsCsv(INCOMING_COLUMNS, rows)) : rows;
  }

  /** Sổ theo dõi giải quyết văn bản đến (Nghị định 30 Phụ lục IV). */
  @Get('follow-up')
  @ApiResponse({
    status: 200,
    schema: {
      example: [
        {
          incomingId: '3c1f0d2e-8b7a-4f55-9a76-0d3c2a9e5b10',
          incomingNumber: 1,
          document: 'Kế hoạch, số 01/KH-BGDĐT, ngày 05/03/2027, Bộ Giáo dục và Đào tạo',
          assignedTo: 'Phòng Khảo thí và Kiểm định chất lượng',
          deadline: '20/03/2027',
          progress: 'Đang giải quyết',
          answer: null,
          notes: null,
        },
      ],
    },
  })
  async followUp(@CurrentActor() actor: Actor, @Query() q: RegisterQuery, @Res({ passthrough: true }) res: Response) {
    const year = q.year ?? vietnamYear(new Date());
    const rows = await this.incomingRegisters.followUp(actor, year, q.agency);
    return q.format === 'csv' ? this.csv(res, 'so-theo-doi-giai-quyet', q.agency ?? actor.agencyCode ?? 'all', year, columnsCsv(FOLLOW_UP_COLUMNS, rows)) : rows;
  }

  /** A register as CSV: an ASCII file name for old clients, the agency's (Vietnamese) one in filename*. */
  private csv(res: Response, name: string, agency: string, year: number, body: string): undefined {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}-${year}.csv"; filename*=UTF-8''${encodeURIComponent(`${name}-${agency}-${year}.csv`)}`);
    res.send(body);
    return undefined;
  }
}
