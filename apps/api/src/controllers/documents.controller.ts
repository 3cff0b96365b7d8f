import { Body, Controller, Get, Param, Patch, Post, Query, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import {
  CreateDocumentDto,
  DocumentService,
  ListDocumentsQuery,
  PatchDocumentDto,
} from '../../../../libs/documents/src';
import { CurrentActor } from '../http/auth.decorators';
import { DOCUMENT_EXAMPLE, ERROR_400_EXAMPLE, ERROR_409_EXAMPLE, HISTORY_EXAMPLE } from '../http/examples';
import { DocumentId } from '../http/id.pipe';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentService) {}

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
    return this.documents.list(actor, query);
  }

  /** One document with the events the caller may send now. */
  @Get(':id')
  @ApiResponse({ status: 200, schema: { example: DOCUMENT_EXAMPLE } })
  get(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.documents.get(actor, id);
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
    schema: { type: 'object', required: ['type'], properties: { type: { type: 'string' }, expectedVersion: { type: 'integer' } } },
    examples: {
      consult: { value: { type: 'SUBMIT_FOR_CONSULTATION', consultees: ['QLCL', 'TTr'], workingDays: 3 } },
      opinion: { value: { type: 'GIVE_OPINION', agree: false, comment: 'Cần bổ sung kinh phí' } },
      submit: { value: { type: 'SUBMIT_FOR_SIGNATURE', signer: 'thuong.pn', signingAuthority: 'KT' } },
      sign: { value: { type: 'SIGN', expectedVersion: 5 } },
      disseminate: {
        value: {
          type: 'DISSEMINATE',
          recipients: [{ agencyCode: 'SGDĐT-DL', purpose: 'implement' }, { unitCode: 'VP', purpose: 'archive' }],
          reportDeadline: '2027-06-30T17:00:00+07:00',
        },
      },
    },
  })
  event(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string, @Body() body: Record<string, unknown>) {
    return this.documents.sendEvent(actor, id, body);
  }

  /** The transitions, oldest first, each chained to the one before by SHA-256. */
  @Get(':id/history')
  @ApiResponse({ status: 200, schema: { example: HISTORY_EXAMPLE } })
  history(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.documents.history(actor, id);
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
    return this.documents.signature(actor, id);
  }

  /** Recomputes the chain: `{valid: true, length}` or `{valid: false, brokenAt}`. */
  @Get(':id/history/verify')
  @ApiResponse({ status: 200, schema: { example: { valid: true, length: 6 } } })
  verify(@CurrentActor() actor: Actor, @Param('id', DocumentId) id: string) {
    return this.documents.verify(actor, id);
  }
}
