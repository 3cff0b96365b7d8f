import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  InvalidInput,
  SIGNING_AUTHORITIES,
  signingAuthorityProblem,
  type Position,
  type ProposedRecipient,
  type SigningAuthority,
  type Urgency,
} from '../../../domain/src';
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

/** The proposed signer as the organisation knows them (null: no such user), and the recipients proposed. */
type Gathered = { signer: { position: Position; agencyCode: string | null } | null; recipients: ProposedRecipient[] | null };

/** Trình ký: the draft goes to a leader of the agency, under the authority they may sign with (Điều 13). */
export const submitForSignature = defineCommand<SubmitForSignaturePayload, Gathered>({
  payload: SubmitForSignaturePayload,
  example: { signer: 'thuong.pn', signingAuthority: 'KT' },
  gather: async (tx, { doc, payload }) => {
    const rows: Array<{ position: Position; agencyCode: string | null }> = await tx.query(
      `SELECT position, agency_code AS "agencyCode" FROM users WHERE username = $1`,
      [payload.signer],
    );
    const recipients = payload.recipients ? await resolveRecipients(tx, doc.agencyCode, payload.recipients) : null;
    return { signer: rows[0] ?? null, recipients };
  },
  plan: (input, { signer, recipients }) => {
    const { doc, actor, payload, now, calendar } = input;
    const authority = payload.signingAuthority ?? null;
    if (!signer) throw new InvalidInput([`signer: không có người dùng "${payload.signer}"`]);
    if (payload.signer === actor.username || payload.signer === doc.drafter) {
      throw new InvalidInput([`signer: người soạn thảo hoặc người trình không tự ký văn bản của mình ("${payload.signer}")`]);
    }
    if (signer.agencyCode !== doc.agencyCode || !['head', 'deputy_head', 'unit_head'].includes(signer.position)) {
      throw new InvalidInput([
        `signer: "${payload.signer}" phải là lãnh đạo (head, deputy_head, hoặc unit_head với TL/TUQ) của ${doc.agencyCode}`,
      ]);
    }
    const problem = signingAuthorityProblem(signer.position, authority);
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
      machineEvent: { type: 'SUBMIT_FOR_SIGNATURE' },
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
        deadline: deadline.toISOString(),
        ...(recipients ? { recipients } : {}),
        ...(reportDeadline ? { reportDeadline: reportDeadline.toISOString() } : {}),
        ...(sessionReports ? { sessionReports: { hours: sessionReports.hours } } : {}),
        ...anchorInHistory(given),
      },
    };
  },
});
