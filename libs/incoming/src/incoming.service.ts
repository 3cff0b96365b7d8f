import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Conflict,
  DOCUMENT_TYPE_NAMES,
  registerDate,
  InvalidInput,
  isAnchored,
  isLeaderOrClerk,
  NotFound,
  NotPermitted,
  TransitionNotAllowed,
  VersionConflict,
  chainHash,
  verifyChain,
  vietnamYear,
  type Actor,
  type ChainVerdict,
  type DocumentType,
  type HistoryEntryView,
  type IncomingFileView,
  type IncomingView,
  type TaskView,
  type Urgency,
  type WorkingCalendar,
} from '../../domain/src';
import { Clock } from '../../config/src';
import { DocumentService } from '../../documents/src/document.service';
import { renderSlip } from '../../pdf/src/slip';
import { AfterCommit, type TxEffects } from '../../documents/src/transition/after-commit';
import { validateDto } from '../../documents/src/validate';
import {
  incomingEventsIn,
  incomingWorkflow,
  stepIncoming,
  type IncomingEventType,
  type IncomingState,
} from '../../../workflows/incoming/incoming.machine';
import {
  INCOMING_PAYLOADS,
  IncomingEnvelopeDto,
  type AssignPayload,
  type CompletePayload,
  type CreateIncomingDto,
  type ReturnPayload,
  type UpdatePayload,
} from './incoming.dto';
import { incomingVisibleTo, mayAddIncomingFile, mayAttemptIncoming, mayReadIncoming } from './incoming.policy';
import { FilesService, type IncomingFile } from '../../files/src';
import { changeIncomingDeadlines, type NewIncomingDeadline } from './incoming-deadlines';
import { insertReceived, type ReceivedItem } from './receive';
import { appendIncomingEntry } from './history';
import { campaignSessions } from '../../campaigns/src/sessions';
import { resolveDeadline } from '../../documents/src/commands/deadline-input';
import { SqlParams, answersTo, visibleToCaller } from '../../persistence/src/sql';

/** An item as read: what it arrived as (ReceivedItem), and what became of it. */
interface Row extends Omit<ReceivedItem, 'urgency'> {
  id: string;
  /** Its source is a secret document (SPEC §9). */
  secret: boolean;
  urgency: Urgency;
  state: IncomingState;
  version: number;
  workflowId: string;
  workflowVersion: number;
  lastHash: string;
  receivedAt: Date;
  incomingYear: number | null;
  incomingNumber: number | null;
  registeredAt: Date | null;
  registeredBy: string | null;
  leadUnit: string | null;
  cooperating: string[];
  infoUnits: string[];
  deadline: Date | null;
  instruction: string | null;
  assignedBy: string | null;
  assignedAt: Date | null;
  summary: string | null;
  completedAt: Date | null;
  completedBy: string | null;
  returnReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  source: IncomingView['source'];
  registrationDeadline: Date | null;
  handler: string | null;
  handlerDeadline: Date | null;
  handlerAssignedBy: string | null;
  handlerAssignedAt: Date | null;
  anchors: IncomingView['anchors'];
}

/** When item `i` must be (or had to be) registered: its registration deadline (libs/incoming incoming-deadlines). */
const REGISTRATION_DUE = `SELECT dl.due_at FROM deadlines dl WHERE dl.incoming_id = i.id AND dl.kind = 'registration' ORDER BY dl.created_at DESC LIMIT 1`;

const COLUMNS = `i.id, i.agency_code AS "agencyCode", i.source_document_id AS "sourceDocumentId", i.sender, i.number,
  i.issued_at AS "issuedAt", i.type, i.title, i.urgency, i.state, i.version, i.workflow_id AS "workflowId",
  i.workflow_version AS "workflowVersion", i.last_hash AS "lastHash", i.received_at AS "receivedAt",
  i.incoming_year AS "incomingYear", i.incoming_number AS "incomingNumber", i.registered_at AS "registeredAt",
  i.registered_by AS "registeredBy", i.lead_unit AS "leadUnit", i.cooperating, i.info_units AS "infoUnits", i.deadline,
  i.instruction, i.assigned_by AS "assignedBy", i.assigned_at AS "assignedAt", i.summary, i.completed_at AS "completedAt",
  i.completed_by AS "completedBy", i.return_reason AS "returnReason", i.handler, i.handler_deadline AS "handlerDeadline",
  i.handler_assigned_by AS "handlerAssignedBy", i.handler_assigned_at AS "handlerAssignedAt", i.anchors, i.created_at AS "createdAt", i.updated_at AS "updatedAt",
  EXISTS (SELECT 1 FROM documents sd WHERE sd.id = i.source_document_id AND sd.confidentiality <> 'normal') AS secret,
  (SELECT json_build_object('state', d.state,
            -- acknowledged once every delivery to the agency is; the report pending while any is owed
            'acknowledgedAt', CASE WHEN bool_and(r.acknowledged_at IS NOT NULL) THEN max(r.acknowledged_at) END,
            'reportStatus', CASE WHEN bool_or(r.report_status = 'pending') THEN 'pending'
                                 WHEN bool_or(r.report_status = 'submitted') THEN 'submitted'
                                 WHEN bool_or(r.report_status = 'closed') THEN 'closed' END)
     FROM documents d LEFT JOIN recipients r ON r.document_id = d.id AND r.agency_code = i.agency_code AND r.username IS NULL
    WHERE d.id = i.source_document_id GROUP BY d.state) AS source,
  (${REGISTRATION_DUE}) AS "registrationDeadline"`;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * Văn bản đến (SPEC §7, Nghị định 30 Điều 21–24): what arrives at an
 * agency, registered by its clerk (số đến), assigned by a leader to a lead
 * unit with cooperating ones and a deadline, worked and completed. Each
 * event is one transaction that also carries its effect on the examflow
 * document it came from: REGISTER acknowledges it for this agency, COMPLETE
 * submits this agency's report on it. The history is hash-chained like a
 * document's. Tables incoming_items, incoming_history, incoming_numbers.
 */
@Injectable()
export class IncomingService {
  constructor(
    private readonly db: DataSource,
    private readonly documents: DocumentService,
    private readonly afterCommit: AfterCommit,
    private readonly clock: Clock,
    private readonly files: FilesService,
  ) {}

  /** POST /api/incoming: a clerk registers as received what came from outside examflow. */
  async create(actor: Actor, dto: CreateIncomingDto): Promise<IncomingView> {
    if (actor.position !== 'clerk' || !actor.agencyCode) throw new NotPermitted('Chỉ văn thư tiếp nhận văn bản đến');
    const issuedAt = new Date(dto.issuedAt);
    if (Number.isNaN(issuedAt.getTime())) throw new InvalidInput(['issuedAt must be an ISO 8601 date']);
    const now = this.clock.now();
    if (issuedAt.getTime() > now.getTime() + 86_400_000) throw new InvalidInput(['issuedAt: ngày của văn bản không thể ở tương lai']);
    const calendar = await this.documents.calendar();
    const item = { agencyCode: actor.agencyCode, sourceDocumentId: null, sender: dto.sender, number: dto.number, issuedAt, type: dto.type, title: dto.title, urgency: dto.urgency ?? 'normal' };
    const { ids, jobs } = await this.db.transaction((tx) => insertReceived(tx, [item], actor.username, now, { ...this.documents.deadlineOptions, calendar }));
    const id = ids[0];
    void this.afterCommit.run({ jobs, notifications: [] });
    return this.get(actor, id);
  }

  /** GET /api/incoming: what the caller may see, urgent and oldest first among what is open. */
  async list(actor: Actor, q: { state?: string; year?: number; q?: string; overdue?: boolean }): Promise<IncomingView[]> {
    // An admin sees everything; the others' visibility takes their agency, unit and post as the first parameters.
    const admin = actor.position === 'admin';
    const params: unknown[] = admin ? [] : [actor.agencyCode, actor.unitCode, isLeaderOrClerk(actor)];
    // What came from a secret document is not an administrator's to see (SPEC §9).
    const where: string[] = [
      admin
        ? `NOT EXISTS (SELECT 1 FROM documents sd WHERE sd.id = i.source_document_id AND sd.confidentiality <> 'normal')`
        : incomingVisibleTo('i', { agency: '$1', unit: '$2::text', deskOrLeader: '$3::boolean' }),
    ];
    if (q.state) where.push(`i.state = $${params.push(q.state)}`);
    if (q.year) where.push(`EXTRACT(YEAR FROM i.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh') = $${params.push(q.year)}`);
    if (q.q) where.push(`(i.title ILIKE $${params.push(`%${q.q}%`)} OR i.number ILIKE $${params.length} OR i.sender ILIKE $${params.length})`);
    // Late to be registered, or to be dealt with.
    if (q.overdue) where.push(`((i.state IN ('assigned', 'in_progress') AND i.deadline < now()) OR (i.state = 'received' AND (${REGISTRATION_DUE}) < now()))`);
    const rows: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM incoming_items i WHERE ${where.join(' AND ')}
        ORDER BY i.state IN ('done', 'returned'), CASE i.urgency WHEN 'flash' THEN 0 WHEN 'very_urgent' THEN 1 WHEN 'urgent' THEN 2 ELSE 3 END,
                 i.received_at, i.id
        LIMIT 500`,
      params,
    );
    return rows.map((r) => this.view(r, actor));
  }

  /** What the caller owes on incoming items (GET /api/tasks): to register, to assign, to work on and complete. */
  async tasksFor(actor: Actor): Promise<TaskView[]> {
    if (!actor.agencyCode) return [];
    const rows: Array<{ kind: TaskView['kind']; incomingId: string; documentId: string | null; type: DocumentType; title: string; number: string | null; urgency: Urgency; state: TaskView['state']; deadline: Date | null }> =
      await this.db.query(
        `SELECT CASE i.state WHEN 'received' THEN 'incoming_register' WHEN 'registered' THEN 'incoming_assign' ELSE 'incoming_work' END AS kind,
                i.id AS "incomingId", i.source_document_id AS "documentId", i.type, i.title, i.number, i.urgency, i.state,
                CASE WHEN i.state = 'received' THEN (${REGISTRATION_DUE}) ELSE i.deadline END AS deadline
           FROM incoming_items i
          WHERE i.agency_code = $1
            AND ((i.state = 'received' AND $2 = 'clerk')
              OR (i.state = 'registered' AND $2 IN ('head', 'acting_head', 'deputy_head'))
              OR (i.state IN ('assigned', 'in_progress') AND $2 IN ('officer', 'deputy_unit_head', 'unit_head') AND i.lead_unit = $3))
          ORDER BY i.received_at`,
        [actor.agencyCode, actor.position, actor.unitCode],
      );
    const now = this.clock.now().getTime();
    return rows.map((r) => ({
      ...r,
      deadline: r.deadline ? r.deadline.toISOString() : null,
      overdue: r.deadline ? r.deadline.getTime() < now : false,
      onBehalfOf: null,
    }));
  }

  async get(actor: Actor, id: string): Promise<IncomingView> {
    const view = this.view(await this.read(this.db, actor, id), actor);
    return { ...view, files: await this.fileRows(id), answeredBy: await this.answers(actor, id) };
  }

  /** The agency's numbered documents that answer the item, those the caller may read. */
  private async answers(actor: Actor, id: string): Promise<Array<{ documentId: string; number: string }>> {
    const p = new SqlParams();
    return this.db.query(
      `SELECT a.id AS "documentId", a.number FROM incoming_items i CROSS JOIN LATERAL (${answersTo('i')}) a
         JOIN documents d ON d.id = a.id
        WHERE i.id = ${p.add(id, 'uuid')} AND ${visibleToCaller('d', p, actor)}
        ORDER BY a.issued_at, a.id`,
      p.values,
    );
  }

  /**
   * POST /api/incoming/:id/files: the scan of what came on paper (the clerk),
   * or a working file of the unit handling it. One transaction: the bytes,
   * the file row and an ADD_FILE entry in the item's hash-chained history.
   */
  async addFile(actor: Actor, id: string, file: IncomingFile, declaredLength: number | null): Promise<IncomingFileView> {
    this.files.checkDeclaredLength(declaredLength);
    this.assertMayAddFile(await this.read(this.db, actor, id), actor); // refused before a byte is read
    return this.files.receive(file, async (tx, stored) => {
      const item = await this.read(tx, actor, id, true);
      this.assertMayAddFile(item, actor);
      const now = this.clock.now();
      const fileId = randomUUID();
      await tx.query(
        `INSERT INTO incoming_files (id, incoming_id, blob_sha256, name, content_type, size, uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [fileId, id, stored.sha256, stored.name, stored.contentType, stored.size, actor.username, now],
      );
      await this.append(tx, item, actor, 'ADD_FILE', item.state, { fileId, name: stored.name, sha256: stored.sha256 }, now);
      return { id: fileId, ...stored, uploadedBy: actor.username, uploadedAt: now.toISOString() };
    });
  }

  /** One file of the item and its bytes, for whoever may read the item. */
  async openFile(actor: Actor, id: string, fileId: string): Promise<{ file: IncomingFileView; bytes: () => AsyncIterable<Buffer> }> {
    await this.read(this.db, actor, id);
    const file = (await this.fileRows(id)).find((f) => f.id === fileId);
    if (!file) throw new NotFound(`Văn bản đến không có tệp ${fileId}`);
    return { file, bytes: () => this.files.bytesOf(file.sha256) };
  }

  private async fileRows(id: string): Promise<IncomingFileView[]> {
    const rows: Array<IncomingFileView & { uploadedAt: Date }> = await this.db.query(
      `SELECT id, name, size::float8 AS size, content_type AS "contentType", blob_sha256 AS sha256, uploaded_by AS "uploadedBy",
              uploaded_at AS "uploadedAt"
         FROM incoming_files WHERE incoming_id = $1 ORDER BY uploaded_at, id`,
      [id],
    );
    return rows.map((r) => ({ ...r, uploadedAt: new Date(r.uploadedAt).toISOString() }));
  }

  private assertMayAddFile(item: Row, actor: Actor): void {
    const verdict = mayAddIncomingFile({ ...this.facts(item), state: item.state }, actor);
    if (verdict === 'not-permitted') throw new NotPermitted('Chỉ văn thư của cơ quan nhận, hoặc đơn vị được giao xử lý, được đính kèm tệp');
    if (verdict === 'wrong-state') throw new Conflict(`Không đính kèm được tệp khi văn bản đến ở trạng thái "${item.state}"`);
  }

  /** The item's next history entry and its row's change (appendIncomingEntry). */
  private append(
    tx: EntityManager,
    item: Row,
    actor: Actor,
    event: string,
    to: IncomingState,
    payload: Record<string, unknown>,
    now: Date,
    set: Record<string, unknown> = {},
  ): Promise<number> {
    return appendIncomingEntry(tx, item, actor.username, event, to, payload, now, set).then((e) => e.seq);
  }

  /** GET /api/incoming/:id/slip.pdf: the phiếu giải quyết văn bản đến (Phụ lục IV VII), drawn now. */
  async slip(actor: Actor, id: string): Promise<Buffer> {
    const row = await this.read(this.db, actor, id);
    const entries = await this.entries(id);
    const [agency] = await this.db.query(`SELECT name FROM agencies WHERE code = $1`, [row.agencyCode]);
    const units = new Map<string, string>(
      (await this.db.query(`SELECT code, name FROM units WHERE agency_code = $1`, [row.agencyCode])).map((u: { code: string; name: string }) => [u.code, u.name]),
    );
    const people = new Map<string, string>(
      (await this.db.query(`SELECT username, full_name || ' (' || title || ')' AS name FROM users WHERE username = ANY($1)`, [[...new Set([...entries.map((e) => e.actor), ...(row.handler ? [row.handler] : [])])]])).map(
        (u: { username: string; name: string }) => [u.username, u.name],
      ),
    );
    const day = (d: Date | string | null) => registerDate(d === null ? null : new Date(d)) ?? '';
    const unit = (code: string) => units.get(code) ?? code;
    const typeName = DOCUMENT_TYPE_NAMES[row.type as DocumentType] ?? row.type;
    return renderSlip(
      {
        agency: agency?.name ?? row.agencyCode,
        document: [typeName, row.number ? `số ${row.number}` : null, row.issuedAt ? `ngày ${day(row.issuedAt)}` : null, `của ${row.sender}`].filter(Boolean).join(' '),
        summary: row.title,
        incomingNumber: row.incomingNumber,
        receivedAt: day(row.receivedAt),
        leader: row.leadUnit
          ? {
              lead: unit(row.leadUnit),
              cooperating: row.cooperating.map(unit),
              info: row.infoUnits.map(unit),
              deadline: row.deadline ? day(row.deadline) : null,
              instruction: row.instruction,
              by: people.get(row.assignedBy!) ?? row.assignedBy!,
              at: day(row.assignedAt),
            }
          : null,
        unitLeader: row.handler
          ? {
              to: people.get(row.handler) ?? row.handler,
              deadline: row.handlerDeadline ? day(row.handlerDeadline) : null,
              opinion: String((entries.findLast((e) => e.event === 'UPDATE' && (e.payload as { handler?: string }).handler)?.payload as { comment?: string })?.comment ?? ''),
              by: people.get(row.handlerAssignedBy!) ?? row.handlerAssignedBy!,
              at: day(row.handlerAssignedAt),
            }
          : null,
        handling: entries
          .filter((e) => (e.event === 'UPDATE' && !(e.payload as { handler?: string }).handler) || e.event === 'COMPLETE')
          .map((e) => {
            const p = e.payload as { comment?: string; summary?: string };
            return { by: people.get(e.actor) ?? e.actor, at: day(e.at), text: e.event === 'COMPLETE' ? `Đã giải quyết: ${p.summary}` : String(p.comment) };
          }),
      },
      row.updatedAt,
    );
  }

  async history(actor: Actor, id: string): Promise<HistoryEntryView[]> {
    await this.read(this.db, actor, id);
    return this.entries(id);
  }

  async verify(actor: Actor, id: string): Promise<ChainVerdict> {
    const row = await this.read(this.db, actor, id);
    const entries = await this.entries(id);
    return verifyChain(entries, { length: row.version, lastHash: row.lastHash });
  }

  /** POST /api/incoming/:id/events: {type, expectedVersion?, ...payload}. */
  async sendEvent(actor: Actor, id: string, body: unknown): Promise<IncomingView> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InvalidInput(['body must be a JSON object']);
    const { type: rawType, expectedVersion: rawVersion, ...rest } = body as Record<string, unknown>;
    const { type, expectedVersion } = validateDto(IncomingEnvelopeDto, { type: rawType, expectedVersion: rawVersion });
    const calendar = await this.documents.calendar();
    const effects: TxEffects[] = [];
    await this.db.transaction(async (tx) => {
      const item = await this.read(tx, actor, id, true);
      if (expectedVersion !== undefined && expectedVersion !== item.version) throw new VersionConflict(expectedVersion, item.version);
      const def = incomingWorkflow(item.workflowId, item.workflowVersion);
      const accepted = incomingEventsIn(def, item.state);
      if (!accepted.includes(type)) throw new TransitionNotAllowed(type, item.state, accepted);
      if (!mayAttemptIncoming(type, this.facts(item), actor)) {
        throw new NotPermitted(`Người dùng ${actor.username} không được gửi sự kiện ${type} cho văn bản đến này`);
      }
      const payload = validateDto(INCOMING_PAYLOADS[type], rest);
      const next = stepIncoming(def, item.state, { type })!;
      const now = this.clock.now();
      const { set, entry } = await this.apply(tx, type, item, payload, actor, now, calendar, effects);
      const seq = await this.append(tx, item, actor, type, next, entry, now, set);
      // The deadline of the stage left closes; ASSIGN with a deadline opens the processing one.
      const deadline = set.deadline as Date | null | undefined;
      const open: NewIncomingDeadline[] = type === 'ASSIGN' && deadline ? [{ incomingId: id, stage: 'assigned', stageEntry: seq, due: deadline }] : [];
      const close = type === 'UPDATE' ? [] : [id];
      const jobs = await changeIncomingDeadlines(tx, { close, open }, now, { ...this.documents.deadlineOptions, calendar });
      effects.push({ jobs, notifications: [] });
    });
    void this.afterCommit.run(...effects);
    return this.get(actor, id);
  }

  /** What an event changes on the item, what its history entry says, and its effect on the source document. */
  private async apply(
    tx: EntityManager,
    type: IncomingEventType,
    item: Row,
    payload: object,
    actor: Actor,
    now: Date,
    calendar: WorkingCalendar,
    effects: TxEffects[],
  ): Promise<{ set: Record<string, unknown>; entry: Record<string, unknown> }> {
    switch (type) {
      case 'REGISTER': {
        // Số đến: the agency's sequence of the year, from 1, no gap (the row lock orders concurrent registrations,
        // and a registration that rolls back takes its number with it).
        const year = vietnamYear(now);
        const [{ last }] = await tx.query(
          `INSERT INTO incoming_numbers (agency_code, year, last) VALUES ($1, $2, 1)
           ON CONFLICT (agency_code, year) DO UPDATE SET last = incoming_numbers.last + 1 RETURNING last`,
          [item.agencyCode, year],
        );
        let acknowledged = false;
        if (item.sourceDocumentId && (await this.owes(tx, item, actor, 'acknowledge'))) {
          effects.push((await this.documents.sendEventIn(tx, actor, item.sourceDocumentId, { type: 'ACKNOWLEDGE' }, calendar)).effects);
          acknowledged = true;
        }
        return {
          set: { incoming_year: year, incoming_number: last, registered_at: now, registered_by: actor.username },
          entry: { incomingNumber: last, incomingYear: year, ...(item.sourceDocumentId ? { acknowledgedSource: acknowledged } : {}) },
        };
      }
      case 'ASSIGN': {
        const p = payload as AssignPayload;
        const cooperating = p.cooperating ?? [];
        const info = p.info ?? [];
        const units: string[] = (await tx.query(`SELECT code FROM units WHERE agency_code = $1`, [item.agencyCode])).map((r: { code: string }) => r.code);
        const errors: string[] = [];
        if (!units.includes(p.lead)) errors.push(`lead: cơ quan "${item.agencyCode}" không có đơn vị "${p.lead}"`);
        cooperating.forEach((u, i) => !units.includes(u) && errors.push(`cooperating.${i}: cơ quan "${item.agencyCode}" không có đơn vị "${u}"`));
        info.forEach((u, i) => !units.includes(u) && errors.push(`info.${i}: cơ quan "${item.agencyCode}" không có đơn vị "${u}"`));
        const all = [p.lead, ...cooperating, ...info];
        if (new Set(all).size !== all.length) errors.push('cooperating, info: mỗi đơn vị một vai trò, không lặp lại');
        if (p.deadline !== undefined && p.workingDays !== undefined) errors.push('deadline, workingDays: give one of them, not both');
        let deadline: Date | null = null;
        if (typeof p.deadline === 'string') {
          deadline = new Date(p.deadline);
          if (deadline.getTime() <= now.getTime()) errors.push('deadline: thời hạn phải ở tương lai');
        } else if (p.workingDays !== undefined) {
          deadline = calendar.addWorkingDays(now, p.workingDays);
        }
        if (errors.length) throw new InvalidInput(errors);
        if (isAnchored(p.deadline)) deadline = resolveDeadline(p.deadline, 'deadline', { now, calendar, sessions: await this.sessionsOf(tx, item) });
        const anchors = isAnchored(p.deadline) ? { deadline: p.deadline } : {};
        return {
          set: {
            lead_unit: p.lead,
            cooperating,
            info_units: info,
            deadline,
            anchors: JSON.stringify(anchors),
            instruction: p.instruction ?? null,
            assigned_by: actor.username,
            assigned_at: now,
          },
          entry: { lead: p.lead, cooperating, info, deadline: iso(deadline), ...(isAnchored(p.deadline) ? { anchors } : {}), instruction: p.instruction ?? null },
        };
      }
      case 'UPDATE': {
        const p = payload as UpdatePayload;
        // A báo cáo nhanh of one session (SPEC §8), sent on the source document as the work goes on.
        const report = p.report !== undefined || p.session !== undefined ? await this.sessionReport(tx, item, actor, p, calendar, effects) : {};
        if (p.handler === undefined) {
          if (p.handlerDeadline !== undefined) throw new InvalidInput(['handlerDeadline: only with handler']);
          return { set: {}, entry: { comment: p.comment, ...report } };
        }
        // The unit leader's step (Phụ lục IV VII mục 2): the lead unit's head gives it to one of the unit.
        if (actor.position !== 'unit_head' || actor.unitCode !== item.leadUnit) {
          throw new NotPermitted('Chỉ lãnh đạo đơn vị chủ trì được giao văn bản đến cho cá nhân');
        }
        const [person]: Array<{ username: string }> = await tx.query(
          `SELECT username FROM users WHERE username = $1 AND agency_code = $2 AND unit_code = $3 AND NOT disabled`,
          [p.handler, item.agencyCode, item.leadUnit],
        );
        const errors: string[] = [];
        if (!person) errors.push(`handler: "${p.handler}" không phải người của đơn vị chủ trì`);
        let due: Date | null = null;
        const afterItem = (d: Date) => item.deadline !== null && d.getTime() > new Date(item.deadline).getTime();
        const late = 'handlerDeadline: không được sau thời hạn giải quyết của đơn vị';
        if (typeof p.handlerDeadline === 'string') {
          due = new Date(p.handlerDeadline);
          if (due.getTime() <= now.getTime()) errors.push('handlerDeadline: thời hạn phải ở tương lai');
          else if (afterItem(due)) errors.push(late);
        }
        if (errors.length) throw new InvalidInput(errors);
        if (isAnchored(p.handlerDeadline)) {
          due = resolveDeadline(p.handlerDeadline, 'handlerDeadline', { now, calendar, sessions: await this.sessionsOf(tx, item) });
          if (afterItem(due)) throw new InvalidInput([late]);
        }
        const { handlerDeadline: _, ...otherAnchors } = item.anchors ?? {};
        const anchors = isAnchored(p.handlerDeadline) ? { ...otherAnchors, handlerDeadline: p.handlerDeadline } : otherAnchors;
        return {
          set: { handler: p.handler, handler_deadline: due, anchors: JSON.stringify(anchors), handler_assigned_by: actor.username, handler_assigned_at: now },
          entry: { comment: p.comment, handler: p.handler, handlerDeadline: iso(due), ...report },
        };
      }
      case 'COMPLETE': {
        const p = payload as CompletePayload;
        let reported = false;
        if (item.sourceDocumentId && (await this.owes(tx, item, actor, 'report'))) {
          if (!p.report) throw new InvalidInput(['report: bắt buộc (văn bản nguồn yêu cầu cơ quan báo cáo kết quả thực hiện)']);
          const body = { type: 'SUBMIT_REPORT', content: p.report, ...(p.session ? { session: p.session } : {}) };
          effects.push((await this.documents.sendEventIn(tx, actor, item.sourceDocumentId, body, calendar)).effects);
          reported = true;
        }
        return {
          set: { summary: p.summary, completed_at: now, completed_by: actor.username },
          entry: {
            summary: p.summary,
            ...(p.report ? { report: p.report } : {}),
            ...(p.session ? { session: p.session } : {}),
            ...(item.sourceDocumentId ? { reportedSource: reported } : {}),
          },
        };
      }
      case 'RETURN_TO_SENDER': {
        const reason = (payload as ReturnPayload).reason;
        return { set: { return_reason: reason }, entry: { reason } };
      }
    }
  }

  /** The sessions an item's deadline may be anchored to (SPEC §8): those of the campaign of the document it came from; null for none. */
  private async sessionsOf(tx: EntityManager, item: Row) {
    const [source]: Array<{ campaignId: string | null }> = item.sourceDocumentId
      ? await tx.query(`SELECT campaign_id AS "campaignId" FROM documents WHERE id = $1`, [item.sourceDocumentId])
      : [];
    return source?.campaignId ? campaignSessions(tx, source.campaignId) : null;
  }

  /** UPDATE's báo cáo nhanh: `report` and `session` together, submitted on the source document (its SUBMIT_REPORT decides the rest). */
  private async sessionReport(tx: EntityManager, item: Row, actor: Actor, p: UpdatePayload, calendar: WorkingCalendar, effects: TxEffects[]): Promise<Record<string, string>> {
    if (p.report === undefined || p.session === undefined) throw new InvalidInput(['report, session: báo cáo nhanh cần cả nội dung (report) và buổi thi (session)']);
    if (!item.sourceDocumentId) throw new InvalidInput(['report: văn bản đến không từ examflow, không có văn bản nguồn để báo cáo']);
    const body = { type: 'SUBMIT_REPORT', content: p.report, session: p.session };
    effects.push((await this.documents.sendEventIn(tx, actor, item.sourceDocumentId, body, calendar)).effects);
    return { report: p.report, session: p.session };
  }

  /** Whether the source document still waits for this agency's acknowledgement or report that the actor can give. */
  private async owes(tx: EntityManager, item: Row, actor: Actor, what: 'acknowledge' | 'report'): Promise<boolean> {
    const rows = await tx.query(
      `SELECT 1 FROM recipients r JOIN documents d ON d.id = r.document_id
        WHERE r.document_id = $1 AND d.state = 'disseminated' AND r.agency_code = $2 AND r.username IS NULL
          -- The clerk receives for the whole agency (its units' deliveries too); a report is the actor's unit's to give.
          AND ${what === 'acknowledge' ? 'r.acknowledged_at IS NULL' : `(r.unit_code IS NULL OR r.unit_code = $3::text) AND r.purpose = 'implement' AND r.report_status = 'pending'`}
        LIMIT 1`,
      what === 'acknowledge' ? [item.sourceDocumentId, item.agencyCode] : [item.sourceDocumentId, item.agencyCode, actor.unitCode],
    );
    return rows.length > 0;
  }

  private async read(q: EntityManager | DataSource, actor: Actor, id: string, lock = false): Promise<Row> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFound('Không tìm thấy văn bản đến');
    if (lock) await q.query(`SELECT 1 FROM incoming_items WHERE id = $1 FOR UPDATE`, [id]);
    const [row]: Row[] = await q.query(`SELECT ${COLUMNS} FROM incoming_items i WHERE i.id = $1`, [id]);
    // What the caller may not see does not exist for them.
    if (!row || !mayReadIncoming(this.facts(row), actor)) throw new NotFound('Không tìm thấy văn bản đến');
    return row;
  }

  private async entries(id: string): Promise<HistoryEntryView[]> {
    const rows: Array<{ seq: number; event: string; from: string | null; to: string; actor: string; at: Date; payload: unknown; prevHash: string; hash: string }> =
      await this.db.query(
        `SELECT seq, event, from_state AS "from", to_state AS "to", actor, at, payload, prev_hash AS "prevHash", hash
           FROM incoming_history WHERE incoming_id = $1 ORDER BY seq`,
        [id],
      );
    return rows.map((r) => ({ ...r, onBehalfOf: null, at: r.at.toISOString() }));
  }

  private facts(r: Row) {
    return { agencyCode: r.agencyCode, leadUnit: r.leadUnit, cooperating: r.cooperating, infoUnits: r.infoUnits, secret: r.secret };
  }

  private view(r: Row, actor: Actor): IncomingView {
    const def = incomingWorkflow(r.workflowId, r.workflowVersion);
    return {
      id: r.id,
      agencyCode: r.agencyCode,
      sourceDocumentId: r.sourceDocumentId,
      source: r.source ? { ...r.source, acknowledgedAt: iso(r.source.acknowledgedAt) } : null,
      sender: r.sender,
      number: r.number,
      issuedAt: iso(r.issuedAt),
      type: r.type,
      title: r.title,
      urgency: r.urgency,
      state: r.state,
      version: r.version,
      receivedAt: iso(r.receivedAt)!,
      registrationDeadline: iso(r.registrationDeadline),
      incomingNumber: r.incomingNumber,
      incomingYear: r.incomingYear,
      registeredAt: iso(r.registeredAt),
      registeredBy: r.registeredBy,
      assignment: r.leadUnit
        ? { lead: r.leadUnit, cooperating: r.cooperating, info: r.infoUnits, deadline: iso(r.deadline), instruction: r.instruction, assignedBy: r.assignedBy!, assignedAt: iso(r.assignedAt)! }
        : null,
      handler: r.handler
        ? { username: r.handler, deadline: iso(r.handlerDeadline), assignedBy: r.handlerAssignedBy!, assignedAt: iso(r.handlerAssignedAt)! }
        : null,
      summary: r.summary,
      completedAt: iso(r.completedAt),
      completedBy: r.completedBy,
      returnReason: r.returnReason,
      anchors: r.anchors ?? {},
      availableEvents: incomingEventsIn(def, r.state).filter((e) => mayAttemptIncoming(e, this.facts(r), actor)),
      createdAt: iso(r.createdAt)!,
      updatedAt: iso(r.updatedAt)!,
    };
  }
}
