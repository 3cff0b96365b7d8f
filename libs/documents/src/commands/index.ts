import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { CLIENT_EVENTS, InvalidInput, type ClientEventType } from '../../../domain/src';
import { validateDto } from '../validate';
import type { Command } from './command';
import { acknowledge } from './acknowledge.command';
import { approveReview } from './approve-review.command';
import { correct, replace } from './amend.command';
import { recall } from './recall.command';
import { close } from './close.command';
import { disseminate } from './disseminate.command';
import { giveOpinion } from './give-opinion.command';
import { returnToDrafter } from './return.command';
import { revise } from './revise.command';
import { sign } from './sign.command';
import { submitForConsultation } from './submit-for-consultation.command';
import { submitForSignature } from './submit-for-signature.command';
import { submitReport } from './submit-report.command';
import { withdraw } from './withdraw.command';

export * from './command';
export { NoPayload } from './no-payload';
export { ReasonPayload } from './reason-payload';
export { SubmitForConsultationPayload } from './submit-for-consultation.command';
export { GiveOpinionPayload } from './give-opinion.command';
export { RevisePayload } from './revise.command';
export { ApproveReviewPayload } from './approve-review.command';
export { AmendPayload } from './amend.command';
export { SubmitForSignaturePayload, SIGNATURE_WORKING_DAYS } from './submit-for-signature.command';

export { DisseminatePayload, RecipientDto } from './disseminate.command';
export { SubmitReportPayload } from './submit-report.command';
export { ClosePayload } from './close.command';

/**
 * Every client event and its command: one file per event. The type makes
 * the compiler point at an event of CLIENT_EVENTS without a command.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry keeps its own payload type; the table is read by event name
export const COMMANDS: { readonly [K in ClientEventType]: Command<any, any> } = {
  SUBMIT_FOR_CONSULTATION: submitForConsultation,
  GIVE_OPINION: giveOpinion,
  REVISE: revise,
  SUBMIT_FOR_SIGNATURE: submitForSignature,
  APPROVE_REVIEW: approveReview,
  SIGN: sign,
  RETURN: returnToDrafter,
  DISSEMINATE: disseminate,
  ACKNOWLEDGE: acknowledge,
  SUBMIT_REPORT: submitReport,
  CLOSE: close,
  WITHDRAW: withdraw,
  RECALL: recall,
  CORRECT: correct,
  REPLACE: replace,
};

/** The envelope of POST /documents/:id/events; the rest of the body is the event's payload. */
export class EventEnvelopeDto {
  @ApiProperty({ enum: CLIENT_EVENTS })
  @IsIn(CLIENT_EVENTS)
  type: ClientEventType;

  @ApiPropertyOptional({ description: 'the version the client saw; 409 when it is stale' })
  @IsOptional()
  @IsInt({ message: 'expectedVersion must be an integer ≥ 1' })
  @Min(1, { message: 'expectedVersion must be an integer ≥ 1' })
  expectedVersion?: number;
}

/** An event as the endpoint received it: the validated envelope, and the payload still to validate. */
export interface EventRequest {
  type: ClientEventType;
  expectedVersion?: number;
  /** The rest of the body, validated against the command's payload class once the document is known. */
  rest: Record<string, unknown>;
}

/**
 * Splits and validates the envelope `{type, expectedVersion?, ...payload}`.
 * The payload is validated later, against the command's class, after the
 * document is found and the caller may send the event (so that a 404, a 403
 * or a 409 is not hidden behind a 400 on a field).
 */
export function parseEvent(body: unknown): EventRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InvalidInput(['body must be a JSON object']);
  const { type, expectedVersion, ...rest } = body as Record<string, unknown>;
  const envelope = validateDto(EventEnvelopeDto, { type, expectedVersion });
  return { type: envelope.type, expectedVersion: envelope.expectedVersion, rest };
}

/** The payload of an event, validated against its command's class (unknown fields are errors). */
export function validatePayload(type: ClientEventType, rest: Record<string, unknown>): object {
  return validateDto(COMMANDS[type].payload, rest);
}

/** Example bodies for the OpenAPI page, one per event, from the commands themselves. */
export function eventExamples(): Record<string, { value: Record<string, unknown> }> {
  return Object.fromEntries(
    (Object.keys(COMMANDS) as ClientEventType[]).map((type) => [type, { value: { type, ...COMMANDS[type].example } }]),
  );
}
