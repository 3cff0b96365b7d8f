import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { answersTo } from '../../persistence/src/sql';
import { Clock } from '../../config/src';
import {
  DOCUMENT_TYPE_NAMES,
  URGENCY_NOTES,
  registerAgency,
  registerDate as date,
  typeAndSummary,
  type Actor,
  type Urgency,
  type DocumentType,
  type FollowUpRow,
  type IncomingRegisterRow,
} from '../../domain/src';

const PROGRESS: Record<string, string> = {
  received: 'Chưa vào sổ',
  registered: 'Chờ lãnh đạo phân phối',
  assigned: 'Đã giao, chưa cập nhật',
  in_progress: 'Đang giải quyết',
  done: 'Đã giải quyết',
  returned: 'Đã trả lại nơi gửi',
};

interface Row {
  id: string;
  incomingNumber: number;
  receivedAt: Date;
  sender: string;
  number: string | null;
  issuedAt: Date | null;
  type: DocumentType;
  title: string;
  urgency: string;
  state: string;
  lead: string | null;
  cooperating: string[] | null;
  assignedAt: Date | null;
  deadline: Date | null;
  completedAt: Date | null;
  completedBy: string | null;
  returnReason: string | null;
  summary: string | null;
  /** Số ký hiệu of the agency's documents that answer it. */
  answers: string[] | null;
}

/**
 * The incoming registers of an agency for a year (Nghị định 30 Phụ lục IV):
 * the sổ đăng ký văn bản đến and the sổ theo dõi giải quyết văn bản đến,
 * one row per số đến, in its order; for the agency's clerks and leaders.
 */
@Injectable()
export class IncomingRegisters {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async incoming(actor: Actor, year: number, agency?: string): Promise<IncomingRegisterRow[]> {
    return (await this.rows(actor, year, agency)).map((r) => ({
      incomingId: r.id,
      receivedAt: date(r.receivedAt),
      incomingNumber: r.incomingNumber,
      sender: r.sender,
      number: r.number,
      date: date(r.issuedAt),
      typeAndSummary: typeAndSummary(r.type, r.title),
      assignedTo: assignedTo(r),
      assignedAt: date(r.assignedAt),
      receivedBy: r.lead,
      notes: [URGENCY_NOTES[r.urgency as Urgency], r.returnReason ? `Trả lại: ${r.returnReason}` : null].filter(Boolean).join(' ') || null,
    }));
  }

  async followUp(actor: Actor, year: number, agency?: string): Promise<FollowUpRow[]> {
    return (await this.rows(actor, year, agency)).map((r) => ({
      incomingId: r.id,
      incomingNumber: r.incomingNumber,
      document: [DOCUMENT_TYPE_NAMES[r.type] ?? r.type, r.number ? `số ${r.number}` : null, r.issuedAt ? `ngày ${date(r.issuedAt)}` : null, r.sender].filter(Boolean).join(', '),
      assignedTo: assignedTo(r),
      deadline: date(r.deadline),
      progress: r.state === 'done' ? `${PROGRESS.done} ngày ${date(r.completedAt)}: ${r.summary ?? ''}`.trim() : PROGRESS[r.state],
      answer: r.answers?.join('; ') || null,
      notes: (r.deadline && r.state !== 'done' && r.state !== 'returned' && r.deadline.getTime() < this.clock.now().getTime() ? 'Quá hạn' : null),
    }));
  }

  private async rows(actor: Actor, year: number, agency?: string): Promise<Row[]> {
    const agencyCode = registerAgency(actor, agency, 'Sổ văn bản đến');
    return this.db.query(
      `SELECT i.id, i.incoming_number AS "incomingNumber", i.received_at AS "receivedAt", i.sender, i.number, i.issued_at AS "issuedAt",
              i.type, i.title, i.urgency, i.state, lu.name AS lead,
              (SELECT array_agg(u.name ORDER BY array_position(i.cooperating, u.code)) FROM units u
                WHERE u.agency_code = i.agency_code AND u.code = ANY(i.cooperating)) AS cooperating,
              i.assigned_at AS "assignedAt", i.deadline, i.completed_at AS "completedAt", i.completed_by AS "completedBy",
              i.return_reason AS "returnReason", i.summary,
              (SELECT array_agg(a.number ORDER BY a.issued_at) FROM (${answersTo('i')}) a) AS answers
         FROM incoming_items i LEFT JOIN units lu ON lu.agency_code = i.agency_code AND lu.code = i.lead_unit
        WHERE i.agency_code = $1 AND i.incoming_year = $2 AND i.incoming_number IS NOT NULL
          -- What came from a secret document is for the agency's clerks and leaders, not an administrator (SPEC §9).
          AND ($3::text <> 'admin' OR NOT EXISTS (SELECT 1 FROM documents sd WHERE sd.id = i.source_document_id AND sd.confidentiality <> 'normal'))
        ORDER BY i.incoming_number`,
      [agencyCode, year, actor.position],
    );
  }
}

function assignedTo(r: Row): string | null {
  if (!r.lead) return null;
  return r.cooperating?.length ? `${r.lead} (chủ trì); ${r.cooperating.join('; ')} (phối hợp)` : r.lead;
}
