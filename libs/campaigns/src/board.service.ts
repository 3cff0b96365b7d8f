import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/src';
import { Clock } from '../../config/src';
import {
  NotPermitted,
  BOARD_STATUS_LABEL,
  boardCell,
  countCells,
  isLeaderPosition,
  formatVietnamTime,
  toCsv,
  type Actor,
  type BoardCell,
  type BoardDocument,
  type BoardRow,
  type BoardView,
} from '../../domain/src';
import { NotificationService } from '../../notifications/src';
import { NotificationBus } from '../../queue/src';
import { SqlParams, visibleToCaller } from '../../persistence/src/sql';
import { owersOf } from '../../documents/src/deadlines/owers';
import { CampaignService } from './campaign.service';

/** One report obligation as read: a recipient's report by reportDeadline (session '') or one session's. */
interface CellRow extends Pick<BoardRow, 'idx' | 'agencyCode' | 'unitCode' | 'externalCode' | 'username' | 'name'> {
  documentId: string;
  session: string;
  status: 'pending' | 'submitted' | 'closed';
  dueAt: Date;
  submittedAt: Date | null;
}

/**
 * The campaign board (SPEC §8): for each document of the campaign the
 * caller may read that asks reports, the grid recipient × session with
 * counts; as CSV; pushed to open boards when a report comes (the bus key
 * boardTopic, published by AfterCommit); and the leaders' one-click reminder to every
 * recipient that is late.
 */
@Injectable()
export class BoardService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    private readonly bus: NotificationBus,
    private readonly audit: AuditService,
    private readonly campaigns: CampaignService,
  ) {}

  async board(actor: Actor, campaignId: string, options: { late?: boolean } = {}): Promise<BoardView> {
    const campaign = await this.campaigns.get(campaignId);
    const p = new SqlParams();
    const campaignParam = p.add(campaignId, 'uuid');
    const rows: Array<CellRow & { title: string; number: string | null; docAgency: string; state: BoardDocument['state'] }> = await this.db.query(
      `WITH docs AS (
         SELECT d.id, d.title, d.number, d.agency_code, d.state, d.report_deadline, d.issued_at FROM documents d
          WHERE d.campaign_id = ${campaignParam} AND d.disseminated_at IS NOT NULL AND ${visibleToCaller('d', p, actor)}
            AND EXISTS (SELECT 1 FROM recipients r WHERE r.document_id = d.id AND r.purpose = 'implement')),
       cells AS (
         SELECT r.document_id, r.idx, '' AS session,
                CASE WHEN r.report_submitted_at IS NOT NULL THEN 'submitted' WHEN r.report_status = 'closed' THEN 'closed' ELSE 'pending' END AS status,
                docs.report_deadline AS due_at, r.report_submitted_at AS submitted_at
           FROM recipients r JOIN docs ON docs.id = r.document_id
          WHERE r.purpose = 'implement' AND docs.report_deadline IS NOT NULL
         UNION ALL
         SELECT sr.document_id, sr.recipient_idx, sr.session_code, sr.status, sr.due_at, sr.submitted_at
           FROM session_reports sr JOIN docs ON docs.id = sr.document_id)
       SELECT docs.id AS "documentId", docs.title, docs.number, docs.agency_code AS "docAgency", docs.state,
              r.idx, r.agency_code AS "agencyCode", r.unit_code AS "unitCode", r.external_code AS "externalCode", r.username,
              COALESCE(u.title || ' ' || u.full_name, un.name, a.name, e.name, r.agency_code) AS name,
              c.session, c.status, c.due_at AS "dueAt", c.submitted_at AS "submittedAt"
         FROM cells c JOIN docs ON docs.id = c.document_id
         JOIN recipients r ON r.document_id = c.document_id AND r.idx = c.idx
         LEFT JOIN agencies a ON a.code = r.agency_code
         LEFT JOIN units un ON un.agency_code = r.agency_code AND un.code = r.unit_code
         LEFT JOIN users u ON u.username = r.username
         LEFT JOIN external_bodies e ON e.code = r.external_code
        ORDER BY docs.issued_at NULLS LAST, docs.id, r.idx`,
      p.values,
    );
    const now = this.clock.now();
    const order = new Map(campaign.sessions.map((s, i) => [s.code, i]));
    const documents = new Map<string, BoardDocument>();
    for (const r of rows) {
      let doc = documents.get(r.documentId);
      if (!doc) {
        doc = { id: r.documentId, number: r.number, title: r.title, agencyCode: r.docAgency, state: r.state, columns: [], rows: [], countsByColumn: {}, counts: countCells([]) };
        documents.set(r.documentId, doc);
      }
      let row = doc.rows.at(-1);
      if (row?.idx !== r.idx) {
        row = { idx: r.idx, agencyCode: r.agencyCode, unitCode: r.unitCode, externalCode: r.externalCode, username: r.username, name: r.name, cells: {}, counts: countCells([]) };
        doc.rows.push(row);
      }
      row.cells[r.session] = boardCell({ status: r.status, dueAt: new Date(r.dueAt), submittedAt: r.submittedAt ? new Date(r.submittedAt) : null }, now);
    }
    const shown = [...documents.values()].map((doc) => {
      const columns = [...new Set(doc.rows.flatMap((r) => Object.keys(r.cells)))];
      // Sessions in the campaign's order; the report by reportDeadline, which comes after them, last.
      doc.columns = columns.sort((a, b) => (a === '' ? 1 : b === '' ? -1 : (order.get(a) ?? 99) - (order.get(b) ?? 99)));
      if (options.late) doc.rows = doc.rows.filter((r) => Object.values(r.cells).some((c) => c.status === 'late'));
      for (const r of doc.rows) r.counts = countCells(Object.values(r.cells));
      doc.countsByColumn = Object.fromEntries(doc.columns.map((col) => [col, countCells(doc.rows.flatMap((r) => (r.cells[col] ? [r.cells[col]] : [])))]));
      doc.counts = countCells(doc.rows.flatMap((r) => Object.values(r.cells)));
      return doc;
    });
    const { id, code, name, year, sessions } = campaign;
    const cells = shown.flatMap((d) => d.rows.flatMap((r) => Object.entries(r.cells).map(([session, cell]) => ({ session, agency: r.agencyCode ?? r.externalCode ?? '', cell }))));
    const countsBy = (key: (c: (typeof cells)[number]) => string) => {
      const groups = new Map<string, BoardCell[]>();
      for (const c of cells) groups.set(key(c), [...(groups.get(key(c)) ?? []), c.cell]);
      return Object.fromEntries([...groups].map(([k, v]) => [k, countCells(v)]));
    };
    return {
      campaign: { id, code, name, year, sessions },
      at: now.toISOString(),
      documents: shown,
      counts: countCells(cells.map((c) => c.cell)),
      countsBySession: countsBy((c) => c.session),
      countsByAgency: countsBy((c) => c.agency),
    };
  }

  /** The board as CSV: one line per cell (văn bản, nơi nhận, buổi thi, trạng thái, hạn, nộp lúc). */
  async csv(actor: Actor, campaignId: string, options: { late?: boolean } = {}): Promise<string> {
    const b = await this.board(actor, campaignId, options);
    const sessionName = new Map(b.campaign.sessions.map((s) => [s.code, s.name]));
    const lines = b.documents.flatMap((d) =>
      d.rows.flatMap((r) =>
        d.columns.flatMap((col) => {
          const c: BoardCell | undefined = r.cells[col];
          if (!c) return [];
          return [[d.number ?? '', d.title, r.name, col ? (sessionName.get(col) ?? col) : 'Báo cáo kết quả', BOARD_STATUS_LABEL[c.status] + (c.submittedLate ? ' (muộn)' : ''),
            formatVietnamTime(new Date(c.dueAt)), c.submittedAt ? formatVietnamTime(new Date(c.submittedAt)) : '']];
        }),
      ),
    );
    return toCsv(['Số, ký hiệu', 'Trích yếu', 'Nơi nhận', 'Buổi thi', 'Trạng thái', 'Hạn', 'Nộp lúc'], lines);
  }

  /**
   * One click of a leader: a reminder to everyone who owes a late report on
   * the campaign's documents that leader's agency issued. `requestId` makes
   * a click count once (a second send of the same click writes nothing);
   * the click is audited with what it reminded.
   */
  async remindLate(actor: Actor, campaignId: string, requestId: string = randomUUID()): Promise<{ requestId: string; reminded: number; late: number }> {
    if (actor.position !== 'admin' && !isLeaderPosition(actor.position)) {
      throw new NotPermitted('Chỉ lãnh đạo cơ quan ban hành được nhắc các nơi báo cáo chậm');
    }
    const board = await this.board(actor, campaignId, { late: true });
    const mine = board.documents.filter((d) => actor.position === 'admin' || d.agencyCode === actor.agencyCode);
    const now = this.clock.now();
    const { written, late } = await this.db.transaction(async (tx) => {
      const items = [];
      let late = 0;
      for (const d of mine) {
        const [doc] = await tx.query(
          `SELECT id, title, number, state, agency_code AS "agencyCode", unit_code AS "unitCode", drafter, signer FROM documents WHERE id = $1`,
          [d.id],
        );
        for (const col of d.columns) {
          const lateHere = d.rows.filter((r) => r.cells[col]?.status === 'late');
          if (lateHere.length === 0) continue;
          late += lateHere.length;
          // Past its deadline, whoever still owes the column's report is late.
          const owers = await owersOf(tx, 'report', doc, col);
          const session = col ? (board.campaign.sessions.find((s) => s.code === col)?.name ?? col) : null;
          const dueAt = new Date(lateHere[0].cells[col].dueAt);
          const message =
            `Lãnh đạo nhắc: văn bản «${doc.number ? `${doc.number} — ` : ''}${doc.title}» — ${session ? `báo cáo nhanh buổi thi ${session}` : 'báo cáo kết quả thực hiện'} ` +
            `đã quá hạn (${formatVietnamTime(dueAt)}). Đề nghị gửi ngay.`;
          for (const username of new Set(owers.flatMap((o) => o.users))) {
            items.push({ username, kind: 'reminder' as const, documentId: d.id, stage: 'disseminated', dueAt, message, source: `remind.${requestId}.${d.id}.${col || 'report'}` });
          }
        }
      }
      return { written: await this.notifications.write(tx, items, now), late };
    });
    if (written.length) this.bus.publish(written.map((n) => n.username));
    // Every click is recorded, once (the same click sent again is not a second one).
    const [seen] = await this.db.query(`SELECT 1 FROM audit_log WHERE action = 'campaign.remind' AND detail->>'requestId' = $1 LIMIT 1`, [requestId]);
    if (!seen) await this.audit.record({ actor: actor.username, action: 'campaign.remind', target: board.campaign.code, detail: { requestId, late, reminded: written.length } });
    return { requestId, reminded: written.length, late };
  }
}
