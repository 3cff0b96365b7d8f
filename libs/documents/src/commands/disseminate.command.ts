import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { InvalidInput, isSecret, type ProposedRecipient, type SessionTimes } from '../../../domain/src';
import { iso } from '../queries/document.view';
import { defineCommand } from './command';
import { futureDate } from './references';
import { DEADLINE_SCHEMA, IsDeadlineInput, anchorChange, anchorInHistory, resolveDeadline, type DeadlineInput } from './deadline-input';
import { RecipientDto, SessionReportsDto, deliveries, headlessUnits, recipientDifference, resolveRecipients, type Delivery } from './recipients';

export { RecipientDto };

/**
 * When each session's report is due: `hours` after the session ends (SPEC §8); a session whose report would
 * be due already is over and asks none. 400 without a campaign, or when no session is left to report on.
 */
function sessionDues(sessions: readonly SessionTimes[] | null, hours: number, now: Date): Array<{ session: string; due: Date }> {
  if (!sessions) throw new InvalidInput(['sessionReports: văn bản không thuộc kỳ thi nào (campaignId), không có buổi thi để báo cáo']);
  const dues = sessions.map((s) => ({ session: s.code, due: new Date(s.endsAt.getTime() + hours * 3_600_000) })).filter((d) => d.due.getTime() > now.getTime());
  if (dues.length === 0) throw new InvalidInput(['sessionReports: mọi buổi thi của kỳ thi đã qua, không còn buổi nào để báo cáo']);
  return dues;
}

/** A recipient in the DISSEMINATE history entry: who (agencyCode and unitCode always) and only the fields it has. */
function asWrittenInHistory(r: ProposedRecipient): Record<string, unknown> {
  const set = Object.entries(r).filter(([k, v]) => v !== null && v !== undefined && !(k === 'main' && v === false));
  return { agencyCode: r.agencyCode, unitCode: r.unitCode, ...Object.fromEntries(set), purpose: r.purpose };
}

export class DisseminatePayload {
  @ApiPropertyOptional({
    type: [RecipientDto],
    description: 'required unless recipients were proposed before signature; given then, the same set (400 names the difference)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients?: RecipientDto[];

  @ApiPropertyOptional({
    ...DEADLINE_SCHEMA,
    description: 'required when a recipient has purpose implement, unless proposed before signature: a moment, or anchored to the campaign (SPEC §8)',
  })
  @IsOptional()
  @IsDeadlineInput()
  reportDeadline?: DeadlineInput;

  @ApiPropertyOptional({
    type: SessionReportsDto,
    description: 'báo cáo nhanh mỗi buổi thi: every implementing recipient owes one report per session of the campaign, due `hours` after it ends',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SessionReportsDto)
  sessionReports?: SessionReportsDto;
}

/**
 * Phát hành: the clerk sends the signed document to its recipients (an
 * agency as a whole, a unit, a person, an external body, a group's members),
 * each for a purpose; those that `implement` owe a report by
 * `reportDeadline`. Recipients proposed before signature (SPEC §7) are what
 * was signed: they are sent to as they are.
 */
export const disseminate = defineCommand<DisseminatePayload, { written: ProposedRecipient[]; delivered: Delivery[] }>({
  payload: DisseminatePayload,
  example: {
    recipients: [
      { agencyCode: 'SGDĐT-DL', purpose: 'implement' },
      { unitCode: 'VP', purpose: 'archive' },
    ],
    reportDeadline: '2027-06-30T17:00:00+07:00',
  },
  probe: () => ({ type: 'DISSEMINATE', reports: [] }),
  // A correction or a replacement also writes its original (DocumentService.markAmended): both documents are
  // locked in id order, as the deadline runner locks them.
  prelock: async (tx, documentId) => {
    await tx.query(
      `SELECT 1 FROM documents WHERE id = $1 OR id = (SELECT amends FROM documents WHERE id = $1) ORDER BY id FOR UPDATE`,
      [documentId],
    );
  },
  gather: async (tx, { doc, payload }) => {
    const signed = doc.proposedRecipients;
    let written: ProposedRecipient[];
    if (!payload.recipients) {
      if (!signed?.length) throw new InvalidInput(['recipients: bắt buộc (văn bản được ký không kèm Nơi nhận đề xuất)']);
      written = signed;
    } else {
      written = await resolveRecipients(tx, doc.agencyCode, payload.recipients);
      if (signed?.length) {
        const difference = recipientDifference(signed, written);
        if (difference.length) throw new InvalidInput(difference);
        written = signed; // as signed: its notes and Kính gửi too
      }
    }
    const delivered = await deliveries(tx, written);
    if (isSecret(doc)) {
      const headless = await headlessUnits(tx, delivered.map((d, i) => ({ agencyCode: d.agencyCode, unitCode: d.unitCode, at: `recipients.${i}` })));
      if (headless.length) throw new InvalidInput(headless);
    }
    return { written, delivered };
  },
  plan: (input, { written, delivered }) => {
    const { doc, payload } = input;
    const implement = written.some((r) => r.purpose === 'implement');
    // Proposed with the recipients before signature (SPEC §7), or given now: given both, the same.
    const proposedSessions = doc.sessionReports;
    if (payload.sessionReports && proposedSessions && payload.sessionReports.hours !== proposedSessions.hours) {
      throw new InvalidInput([`sessionReports: khác với đề xuất đã ký (báo cáo ${proposedSessions.hours} giờ sau mỗi buổi thi)`]);
    }
    const perSession = payload.sessionReports ?? proposedSessions ?? undefined;
    if (implement && payload.reportDeadline === undefined && !doc.proposedReportDeadline && !perSession) {
      throw new InvalidInput(['reportDeadline must be an ISO 8601 date (required when a recipient implements)']);
    }
    const sessions = perSession ? sessionDues(input.sessions, perSession.hours, input.now) : [];
    // Left out, the deadline proposed before signature, and how it was given (an anchored one stays anchored).
    const reportDeadline =
      payload.reportDeadline !== undefined
        ? resolveDeadline(payload.reportDeadline, 'reportDeadline', input)
        : doc.proposedReportDeadline
          ? futureDate(doc.proposedReportDeadline.toISOString(), 'reportDeadline', input.now)
          : null;
    const given = payload.reportDeadline ?? (reportDeadline ? (doc.anchors?.proposedReportDeadline ?? null) : null);
    const implementing = delivered.flatMap((r, i) => (r.purpose === 'implement' ? [i] : []));
    // The workflow's keys: `idx` for the report by reportDeadline, `idx@SESSION` for each session's.
    const reports = implementing.flatMap((i) => [...(reportDeadline ? [String(i)] : []), ...sessions.map((s) => `${i}@${s.session}`)]);
    return {
      machineEvent: { type: 'DISSEMINATE', reports },
      set: {
        reportDeadline,
        disseminatedAt: input.now,
        ...anchorChange(doc.anchors, { reportDeadline: given }),
        ...(perSession ? { sessionReports: implementing.length ? JSON.stringify({ hours: perSession.hours }) : null } : {}),
      },
      payload: {
        recipients: written.map(asWrittenInHistory),
        reportDeadline: iso(reportDeadline),
        ...anchorInHistory({ reportDeadline: given }),
        ...(perSession ? { sessionReports: { hours: perSession.hours, due: Object.fromEntries(sessions.map((s) => [s.session, s.due.toISOString()])) } } : {}),
      },
      sessionDeadlines: implementing.length ? sessions : [],
      write: async (tx) => {
        await tx.query(
          `INSERT INTO recipients (document_id, idx, agency_code, unit_code, external_code, username, group_code, note, main,
                                   purpose, report_status, mail_to)
           SELECT $1, t.idx, t.agency_code, t.unit_code, t.external_code, t.username, t.group_code, t.note, t.main,
                  t.purpose, CASE WHEN t.purpose = 'implement' THEN 'pending' END,
                  -- An external body with an address gets the issued PDF by e-mail, after commit (ExternalMail);
                  -- a secret document never (SPEC §9): its clerk sends it by hand and records the answer.
                  CASE WHEN $11::boolean THEN (SELECT e.email FROM external_bodies e WHERE e.code = t.external_code) END
             FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[],
                         $10::text[])
               AS t(idx, agency_code, unit_code, external_code, username, group_code, note, main, purpose)`,
          [
            doc.id,
            delivered.map((_, i) => i),
            delivered.map((r) => r.agencyCode),
            delivered.map((r) => r.unitCode),
            delivered.map((r) => r.externalCode ?? null),
            delivered.map((r) => r.username ?? null),
            delivered.map((r) => r.groupCode),
            delivered.map((r) => r.note ?? null),
            delivered.map((r) => r.main ?? false),
            delivered.map((r) => r.purpose),
            !isSecret(doc),
          ],
        );
        if (sessions.length && implementing.length) {
          await tx.query(
            `INSERT INTO session_reports (document_id, recipient_idx, session_code, due_at, status)
             SELECT $1, r.idx, s.code, s.due, 'pending' FROM unnest($2::int[]) AS r(idx), unnest($3::text[], $4::timestamptz[]) AS s(code, due)`,
            [doc.id, implementing, sessions.map((x) => x.session), sessions.map((x) => x.due)],
          );
        }
      },
    };
  },
});
