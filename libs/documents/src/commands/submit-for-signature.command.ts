import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  InvalidInput,
  SIGNER_POSITIONS,
  SIGNING_AUTHORITIES,
  signingAuthorityProblem,
  submissionNeedsReview,
  type AgencyLevel,
  type Position,
  type ProposedRecipient,
  type SigningAuthority,
  type Urgency,
} from '../../../domain/src';
import { authorisationInForce } from '../../../persistence/src/sql';
import { defineCommand } from './command';
import { DEADLINE_SCHEMA, IsDeadlineInput, anchorChange, anchorInHistory, resolveDeadline, type DeadlineInput } from './deadline-input';
import { ProposedRecipientsFields, resolveRecipients } from './recipients';

export class SubmitForSignaturePayload extends ProposedRecipientsFields {
  @ApiProperty({ example: 'thuong.pn' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  signer: string;

  @ApiPropertyOptional({ enum: [...SIGNING_AUTHORITIES, null], nullable: true })
  @IsOptional()
  @IsIn(SIGNING_AUTHORITIES)
  signingAuthority?: SigningAuthority | null;

  @ApiPropertyOptional({ ...DEADLINE_SCHEMA, description: 'a moment, or anchored to the campaign (SPEC §8); by urgency when left out' })
  @IsOptional()
  @IsDeadlineInput()
  deadline?: DeadlineInput;
}

/** Working days a signer has, by urgency, unless the drafter gives a deadline. */
export const SIGNATURE_WORKING_DAYS: Record<Urgency, number> = { flash: 0, very_urgent: 1, urgent: 2, normal: 3 };

/**
 * The proposed signer as the organisation knows them (null: no such user), the level of the agency
 * (a council signs TM.), the head's written authorisation a TUQ. signer signs under, and the
 * recipients proposed.
 */
type Gathered = {
  signer: { position: Position; agencyCode: string | null } | null;
  agencyLevel: AgencyLevel;
  authorisation: { id: string; reference: string } | null;
  /** Whether the drafting unit has a head in post to review it (Điều 12.1). */
  unitHasHead: boolean;
  recipients: ProposedRecipient[] | null;
};

/** Trình ký: the draft goes to a leader of the agency, under the authority they may sign with (Điều 13). */
export const submitForSignature = defineCommand<SubmitForSignaturePayload, Gathered>({
  payload: SubmitForSignaturePayload,
  example: { signer: 'thuong.pn', signingAuthority: 'KT' },
  gather: async (tx, { doc, payload }) => {
    const [row]: Array<{ position: Position | null; agencyCode: string | null; agencyLevel: AgencyLevel; unitHasHead: boolean }> = await tx.query(
      `SELECT u.position, u.agency_code AS "agencyCode", a.level AS "agencyLevel",
              EXISTS (SELECT 1 FROM users h WHERE h.agency_code = a.code AND h.unit_code = $3 AND h.position = 'unit_head' AND NOT h.disabled) AS "unitHasHead"
         FROM agencies a LEFT JOIN users u ON u.username = $1 WHERE a.code = $2`,
      [payload.signer, doc.agencyCode, doc.unitCode],
    );
    const [authorisation] =
      payload.signingAuthority === 'TUQ' ? await tx.query(authorisationInForce('$1', '$2', '$3'), [payload.signer, doc.agencyCode, doc.type]) : [];
    const recipients = payload.recipients ? await resolveRecipients(tx, doc.agencyCode, payload.recipients) : null;
    return {
      signer: row?.position ? { position: row.position, agencyCode: row.agencyCode } : null,
      agencyLevel: row?.agencyLevel ?? 'ministry',
      authorisation: authorisation ? { id: authorisation.id, reference: authorisation.reference } : null,
      unitHasHead: row?.unitHasHead ?? false,
      recipients,
    };
  },
  plan: (input, { signer, agencyLevel, authorisation, unitHasHead, recipients }) => {
    const { doc, actor, payload, now, calendar } = input;
    const authority = payload.signingAuthority ?? null;
    if (!signer) throw new InvalidInput([`signer: không có người dùng "${payload.signer}"`]);
    if (payload.signer === actor.username || payload.signer === doc.drafter) {
      throw new InvalidInput([`signer: người soạn thảo hoặc người trình không tự ký văn bản của mình ("${payload.signer}")`]);
    }
    if (signer.agencyCode !== doc.agencyCode || !SIGNER_POSITIONS.includes(signer.position)) {
      throw new InvalidInput([
        `signer: "${payload.signer}" phải là người có thẩm quyền ký (lãnh đạo cơ quan, hoặc lãnh đạo đơn vị ký TL./TUQ.) của ${doc.agencyCode}`,
      ]);
    }
    const problem = signingAuthorityProblem({
      authority,
      position: signer.position,
      agencyLevel,
      documentType: doc.type,
      authorised: authorisation !== null,
    });
    if (problem) throw new InvalidInput([`signingAuthority: ${problem}`]);
    const deadline =
      payload.deadline !== undefined
        ? resolveDeadline(payload.deadline, 'deadline', input)
        : calendar.addWorkingDays(now, SIGNATURE_WORKING_DAYS[doc.urgency]);
    const reportDeadline = payload.reportDeadline != null ? resolveDeadline(payload.reportDeadline, 'reportDeadline', input) : undefined;
    // A report deadline left out keeps the one proposed in the draft, and how it was given.
    const given = { signatureDeadline: payload.deadline ?? null, ...(reportDeadline ? { proposedReportDeadline: payload.reportDeadline } : {}) };
    // What the leader will sign must be sendable as it is: recipients that implement owe a report by a date.
    const proposed = recipients ?? doc.proposedRecipients;
    const sessionReports = payload.sessionReports ?? undefined;
    if (sessionReports && !doc.campaignId) throw new InvalidInput(['sessionReports: văn bản không thuộc kỳ thi nào (campaignId), không có buổi thi để báo cáo']);
    if (proposed?.some((r) => r.purpose === 'implement') && !reportDeadline && !doc.proposedReportDeadline && !sessionReports && !doc.sessionReports) {
      throw new InvalidInput(['reportDeadline: bắt buộc khi đề xuất nơi nhận thực hiện (implement): họ phải báo cáo trước hạn này']);
    }
    return {
      // Version 2 of the workflows stops at the unit head's review when this says so; version 1 ignores it.
      machineEvent: { type: 'SUBMIT_FOR_SIGNATURE', review: submissionNeedsReview(doc, actor, unitHasHead) },
      set: {
        signer: payload.signer,
        signingAuthority: authority,
        signatureDeadline: deadline,
        ...(recipients ? { proposedRecipients: JSON.stringify(recipients) } : {}),
        ...(reportDeadline ? { proposedReportDeadline: reportDeadline } : {}),
        ...(sessionReports ? { sessionReports: JSON.stringify({ hours: sessionReports.hours }) } : {}),
        ...anchorChange(doc.anchors, given),
      },
      payload: {
        signer: payload.signer,
        signingAuthority: authority,
        // Kept in the history, printed nowhere (Điều 13.3).
        ...(authority === 'TUQ' && authorisation ? { authorisation } : {}),
        deadline: deadline.toISOString(),
        ...(recipients ? { recipients } : {}),
        ...(reportDeadline ? { reportDeadline: reportDeadline.toISOString() } : {}),
        ...(sessionReports ? { sessionReports: { hours: sessionReports.hours } } : {}),
        ...anchorInHistory(given),
      },
    };
  },
});
