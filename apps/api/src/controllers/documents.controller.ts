import { Body, Controller, Get, Param, Patch, Post, Query, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import {
  COMMANDS,
  CreateDocumentDto,
  DocumentReads,
  DocumentService,
  EventEnvelopeDto,
  eventExamples,
  HistoryQuery,
  ListDocumentsQuery,
  PatchDocumentDto,
} from '../../../../libs/documents/src';

/** The payload classes of the events, for the OpenAPI page (one schema each, beside the envelope). */
const PAYLOAD_CLASSES = [...new Set(Object.values(COMMANDS).map((c) => c.payload))];
import { CurrentActor } from '../http/auth.decorators';
import { DOCUMENT_EXAMPLE, ERROR_400_EXAMPLE, ERROR_409_EXAMPLE, HISTORY_EXAMPLE } from '../http/examples';
import { DocumentId } from '../http/id.pipe';
import { FilesService } from '../../../../libs/files/src';

@ApiTags('documents')
@ApiBearerAuth()
@ApiExtraModels(EventEnvelopeDto, ...PAYLOAD_CLASSES)
@Controller('api/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentService,
    private readonly reads: DocumentReads,
    private readonly files: FilesService,
  ) {}

  /** A new draft, drafted by the caller for the caller's unit. */
  @Post()
  @ApiResponse({ status: 201, schema: { example: { ...DOCUMENT_EXAMPLE, state: 'draft', version: 1, number: null } } })
  @ApiResponse({ status: 400, schema: { example: ERROR_400_EXAMPLE } })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDocumentDto) {
    return this.documents.create(actor, dto);
  }

  /** Documents the caller may see, newest change first (`limit` ≤ 200, `offset`). */
  @Get()
  @ApiResponse({ status: 200, schema: { example: [DOCUMENT_EXAMPLE] } })
  list(@CurrentActor() actor: Actor, @Query() query: ListDocumentsQuery) {
    return this.reads.list(actor, query);
  }

  /** One document with the events the caller may send now. */
  @Get(':id')
  @ApiResponse({ status: 200, schema: { example: DOCUMENT_EXAMPLE } })
  get(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.reads.get(actor, id);
  }

  /** Title, body or urgency of a draft; by the drafting unit only. */
  @Patch(':id')
  @ApiResponse({ status: 200, schema: { example: { ...DOCUMENT_EXAMPLE, state: 'draft' } } })
  patch(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Body() dto: PatchDocumentDto) {
    return this.documents.patch(actor, id, dto);
  }

  /** One lifecycle event: `{type, expectedVersion?, ...payload}` (SPEC §2). */
  @Post(':id/events')
  @HttpCode(200)
  @ApiResponse({ status: 200, description: 'the document after the event', schema: { example: DOCUMENT_EXAMPLE } })
  @ApiResponse({ status: 409, schema: { example: ERROR_409_EXAMPLE } })
  @ApiBody({
    description: 'the envelope (`type`, `expectedVersion`) and the fields of the event\'s payload, side by side',
    schema: {
      allOf: [
        { $ref: getSchemaPath(EventEnvelopeDto) },
        { oneOf: PAYLOAD_CLASSES.map((c) => ({ $ref: getSchemaPath(c) })) },
      ],
    },
    examples: eventExamples(),
  })
  event(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Body() body: unknown) {
    return this.documents.sendEvent(actor, id, body);
  }

  /** The transitions, oldest first, each chained to the one before by SHA-256 (`limit` ≤ 1000, `offset`; the total in X-Total-Count). */
  @Get(':id/history')
  @ApiResponse({ status: 200, schema: { example: HISTORY_EXAMPLE } })
  async history(
    @CurrentActor() actor: Actor,
    @Param('id', DocumentId) id: string,
    @Query() page: HistoryQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { items, total } = await this.reads.history(actor, id, page);
    res.setHeader('X-Total-Count', String(total));
    return items;
  }

  /** The digital signature (Ed25519 over the SHA-256 of type, number, date, title, body, signer) and whether it still holds. */
  @Get(':id/signature')
  @ApiResponse({
    status: 200,
    schema: {
      example: {
        algorithm: 'Ed25519',
        hash: 'SHA-256',
        publicKey: 'MCowBQYDK2VwAyEA…',
        signature: 'k3v1…==',
        signedBy: 'thuong.pn',
        signedAt: '2027-01-05T03:12:44.120Z',
        valid: true,
      },
    },
  })
  signature(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.reads.signature(actor, id);
  }

  /**
   * Recomputes the chain, and the SHA-256 of every file its `ADD_FILE` entries recorded:
   * `{valid: true, length}` or `{valid: false, brokenAt}` (the first entry that no longer holds).
   */
  @Get(':id/history/verify')
  @ApiResponse({ status: 200, schema: { example: { valid: true, length: 6 } } })
  async verify(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    const chain = await this.reads.verify(actor, id);
    const file = await this.files.brokenFileEntry(id);
    if (file === null) return chain;
    return { valid: false, brokenAt: chain.valid ? file : Math.min(chain.brokenAt, file) };
  }
}
