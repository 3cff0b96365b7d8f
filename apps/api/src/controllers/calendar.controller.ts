import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { InvalidInput, vietnamYear, type Actor } from '../../../../libs/domain/src';
import { CalendarService, YearQuery } from '../../../../libs/documents/src';
import { CurrentActor, Positions } from '../http/auth.decorators';

class DeadlineQuery {
  @ApiPropertyOptional({ example: '2026-11-23T09:00:00+07:00', description: 'default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiProperty({ example: 3, minimum: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  workingDays: number;
}

class CalendarDayDto {
  @ApiProperty({ example: '2026-11-24' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true })
  date: string;

  @ApiProperty({ enum: ['holiday', 'working'], description: 'holiday: a day off; working: a day worked (a swapped Saturday, or a built-in holiday cancelled)' })
  @IsIn(['holiday', 'working'])
  kind: 'holiday' | 'working';

  @ApiPropertyOptional({ example: 'Ngày Văn hóa Việt Nam' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

class PutCalendarDaysDto {
  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(1900)
  @Max(2199)
  year: number;

  @ApiProperty({ type: [CalendarDayDto], description: "the admin's days of the year: this list replaces them" })
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  days: CalendarDayDto[];
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/calendar')
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  /** The end of the Nth working day after `from` (0: the end of that day, or of the next working day). */
  @Get('deadline')
  @ApiResponse({ status: 200, schema: { example: { deadline: '2026-11-26T16:59:59.999Z' } } })
  async deadline(@Query() q: DeadlineQuery) {
    const from = q.from ? new Date(q.from) : new Date();
    return { deadline: (await this.calendars.current()).addWorkingDays(from, q.workingDays).toISOString() };
  }

  /** The holidays, substitute days and swapped working days of a year, and the admin's own entries. */
  @Get('days')
  @ApiResponse({ status: 200, schema: { example: { year: 2026, holidays: [{ date: '2026-02-16', name: 'Tết Nguyên đán', source: 'announced' }], workingDays: [{ date: '2026-08-22', name: 'Làm bù cho thứ Hai 31/8/2026', source: 'announced' }], overrides: [] } } })
  days(@Query() q: YearQuery) {
    return this.calendars.year(q.year ?? vietnamYear(new Date()));
  }

  /** Replaces the admin's days of one year: add a day off, a worked Saturday, or cancel a built-in holiday. */
  @Positions('admin')
  @Put('days')
  @ApiResponse({ status: 200, schema: { example: { year: 2026, holidays: [{ date: '2026-11-24', name: 'Ngày Văn hóa Việt Nam', source: 'admin' }], workingDays: [], overrides: [{ date: '2026-11-24', kind: 'holiday', name: 'Ngày Văn hóa Việt Nam' }] } } })
  put(@Body() dto: PutCalendarDaysDto, @CurrentActor() actor: Actor) {
    const errors: string[] = [];
    const seen = new Set<string>();
    dto.days.forEach((d, i) => {
      if (!d.date.startsWith(`${dto.year}-`)) errors.push(`days.${i}.date: ${d.date} is not in ${dto.year}`);
      if (seen.has(d.date)) errors.push(`days.${i}.date: ${d.date} is listed twice`);
      seen.add(d.date);
    });
    if (errors.length) throw new InvalidInput(errors);
    return this.calendars.replaceYear(dto.year, dto.days, actor);
  }
}
