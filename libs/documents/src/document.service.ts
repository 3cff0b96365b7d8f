import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Conflict,
  DOCUMENT_TYPE_NAMES,
  DRAFTING_POSITIONS,
  registerDate,
  GENESIS_HASH,
  InvalidInput,
  NotPermitted,
  SYSTEM_ACTOR,
  TransitionNotAllowed,
  VersionConflict,
  chainHash,
  mayAttempt,
  type Actor,
  type AmendKind,
  type Confidentiality,
  type DocumentReference,
  type DocumentType,
  type Urgency,
  type Duration,
  type WorkingCalendar,
} from '../../domain/src';
import { receiveIncoming } from '../../incoming/src/receive';
import { APP_CONFIG, Clock, type AppConfig } from '../../config/src';
import { Metrics } from '../../metrics/src';
import { acceptedEventTypes, initialSnapshot, step, WorkflowRegistry } from '../../../workflows';
import { CalendarService } from './calendar.service';
import { COMMANDS, parseEvent, validatePayload, type Plan } from './commands';
import type { WrittenNotification } from '../../notifications/src';
import { resolveRecipients } from './commands/recipients';
import { resolveReferences } from './commands/references';
import { anchorChange, anchorInHistory, givesAnchor, resolveDeadline } from './commands/deadline-input';
import { campaignSessions } from '../../campaigns/src/sessions';
import type { CreateDocumentDto, PatchDocumentDto } from './document.dto';
import { AvailableEvents } from './queries/available-events';
import { assertReadable, loadDocument } from './queries/document.access';
import { activeDelegators, documentColumns, factsOf, toView, type DocumentRow, type DocumentView } from './queries/document.view';
import { IssuedPdfs } from '../../pdf/src/issued-pdfs';
import { SignatureService } from './signature.service';
import { AfterCommit, type TxEffects } from './transition/after-commit';
import { TransitionWriter } from './transition/transition.writer';

/** Who the system acts as, for the transitions nobody sent (a deadline). */
const SYSTEM: Actor = { username: SYSTEM_ACTOR, position: 'admin', agencyCode: null, unitCode: null, fullName: 'Hệ thống', title: '' };

/**
 * The document lifecycle. One transition is one transaction: lock the row,
 * check who may do it, let the event's command plan it (commands/), ask the
 * pure workflow for the next snapshot, and write it all in one statement
 * (transition/); after commit, the queue, the open streams and the e-mails.
 */
@Injectable()
export class DocumentService {
  constructor(
    private readonly db: DataSource,
    private readonly workflows: WorkflowRegistry,
    private readonly calendars: CalendarService,
    private readonly writer: TransitionWriter,
    private readonly afterCommit: AfterCommit,
    private readonly events: AvailableEvents,
    private readonly signatures: SignatureService,
    private readonly pdfs: IssuedPdfs,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** How deadlines are planned (the configured spans), for the deadlines an incoming item opens. */
  get deadlineOptions(): { reminderBefore: Duration; escalationAfter: Duration; urgentRegistration: Duration } {
    const { reminderBefore, escalationAfter, urgentRegistration } = this.config;
    return { reminderBefore, escalationAfter, urgentRegistration };
  }

  async create(actor: Actor, dto: CreateDocumentDto): Promise<DocumentView> {
    if (!DRAFTING_POSITIONS.includes(actor.position) || !actor.unitCode || !actor.agencyCode) {
      throw new NotPermitted('Chỉ chuyên viên hoặc lãnh đạo đơn vị mới được tạo dự thảo văn bản');
    }
    const references = dto.references?.length
      ? await resolveReferences(this.db.manager, actor, actor.agencyCode, dto.references, (dto.confidentiality ?? 'normal') !== 'normal')
      : [];
    if (dto.campaignId) await this.assertCampaign(this.db.manager, dto.campaignId);
    const row = await this.insertDraft(this.db.manager, actor, {
      id: randomUUID(),
      type: dto.type,
      title: dto.title,
      body: dto.body ?? '',
      urgency: dto.urgency ?? 'normal',
      confidentiality: dto.confidentiality ?? 'normal',
      agencyCode: actor.agencyCode,
      unitCode: actor.unitCode,
      references,
      campaignId: dto.campaignId ?? null,
      amends: null,
    });
    return this.events.view(row, actor);
  }

  /**
   * A new draft and its first history row (CREATE), in one statement: they land together or not at all,
   * and it answers the row. `amends`: the original a correction or a replacement is linked to (SPEC §9).
   */
  private async insertDraft(
    q: EntityManager,
    actor: Actor,
    d: {
      id: string;
      type: DocumentType;
      title: string;
      body: string;
      urgency: Urgency;
      confidentiality: Confidentiality;
      agencyCode: string;
      unitCode: string;
      references: DocumentReference[];
      campaignId: string | null;
      amends: { id: string; kind: AmendKind } | null;
    },
  ): Promise<DocumentRow> {
    const def = this.workflows.latestFor(d.type);
    const now = this.clock.now();
    const payload = {
      type: d.type,
      title: d.title,
      urgency: d.urgency,
      ...(d.confidentiality !== 'normal' ? { confidentiality: d.confidentiality } : {}),
      ...(d.references.length ? { references: d.references } : {}),
      ...(d.campaignId ? { campaignId: d.campaignId } : {}),
      ...(d.amends ? { [d.amends.kind === 'correction' ? 'corrects' : 'replaces']: d.amends.id } : {}),
    };
    const entry = { seq: 1, event: 'CREATE', from: null, to: 'draft', actor: actor.username, onBehalfOf: null, at: now.toISOString(), payload };
    const [row]: DocumentRow[] = await q.query(
      `WITH d AS (
         INSERT INTO documents (id, type, title, body, urgency, state, version, agency_code, unit_code, drafter,
                                workflow_id, workflow_version, snapshot, last_hash, created_at, updated_at, refs, campaign_id, confidentiality,
                                amends, amend_kind)
         VALUES ($1, $2, $3, $4, $5, 'draft', 1, $6, $7, $8, $9, $10, $11, $12, $13, $13, $16, $17, $18, $19, $20)
         RETURNING *),
       h AS (
         INSERT INTO document_history (document_id, seq, event, from_state, to_state, actor, at, payload, prev_hash, hash)
         SELECT d.id, 1, 'CREATE', NULL, 'draft', $8, $13, $14, $15, $12 FROM d)
       SELECT ${documentColumns('$8')} FROM d`,
      [
        d.id,
        d.type,
        d.title,
        d.body,
        d.urgency,
        d.agencyCode,
        d.unitCode,
        actor.username,
        def.id,
        def.version,
        JSON.stringify(initialSnapshot(def)),
        chainHash(GENESIS_HASH, entry),
        now,
        JSON.stringify(payload),
        GENESIS_HASH,
        JSON.stringify(d.references),
        d.campaignId,
        d.confidentiality,
        d.amends?.id ?? null,
        d.amends?.kind ?? null,
      ],
    );
    return row;
  }

  /**
   * Title, body or urgency of a draft, and the recipients proposed for signature (with their report
   * deadline), by its drafting unit: an `EDIT` in the history, the state unchanged.
   */
  async patch(actor: Actor, id: string, dto: PatchDocumentDto): Promise<DocumentView> {
    const { expectedVersion, recipients, reportDeadline, sessionReports, references, campaignId, ...changes } = dto;
    const set: Record<string, unknown> = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (
      Object.keys(set).length === 0 &&
      [recipients, reportDeadline, sessionReports, references, campaignId].every((v) => v === undefined)
    ) {
      throw new InvalidInput(['body: nothing to change (title, body, urgency, confidentiality, references, campaignId, recipients, reportDeadline or sessionReports)']);
    }
    const { row } = await this.db.transaction((tx) =>
      this.annotate(tx, actor, id, 'EDIT', async (doc, now, calendar) => {
        if (doc.state !== 'draft') {
          throw new Conflict(`Chỉ sửa được văn bản ở trạng thái "draft"; văn bản đang ở trạng thái "${doc.state}"`);
        }
        if (!mayAttempt('SUBMIT_FOR_CONSULTATION', factsOf(doc), actor, new Set())) {
          throw new NotPermitted('Chỉ đơn vị soạn thảo được sửa dự thảo');
        }
        const payload: Record<string, unknown> = { ...set };
        if (typeof payload.body === 'string' && payload.body.length > 2000) payload.body = `(${payload.body.length} ký tự)`;
        // An empty list (or null) withdraws the proposal; a null deadline withdraws the deadline.
        if (recipients !== undefined) {
          const proposed = recipients?.length ? await resolveRecipients(tx, doc.agencyCode, recipients) : null;
          set.proposedRecipients = proposed && JSON.stringify(proposed);
          payload.recipients = proposed;
        }
        if (campaignId !== undefined) {
          if (campaignId !== null) await this.assertCampaign(tx, campaignId);
          set.campaignId = campaignId;
          payload.campaignId = campaignId;
        }
        // Lowered to normal, it may no longer cite a secret document: its title would show to everyone who reads it.
        if (set.confidentiality === 'normal' && doc.confidentiality !== 'normal' && references === undefined && doc.references?.some((r) => r.documentId)) {
          await resolveReferences(tx, actor, doc.agencyCode, doc.references.filter((r) => r.documentId).map((r) => ({ documentId: r.documentId! })), false);
        }
        if (references !== undefined) {
          // null (or []) withdraws them.
          const secret = ((set.confidentiality as string | undefined) ?? doc.confidentiality) !== 'normal';
          const resolved = references?.length ? await resolveReferences(tx, actor, doc.agencyCode, references, secret) : [];
          set.references = JSON.stringify(resolved);
          payload.references = resolved;
        }
        const campaign = campaignId !== undefined ? campaignId : doc.campaignId;
        if (reportDeadline !== undefined) {
          const sessions = campaign ? await campaignSessions(tx, campaign) : null;
          set.proposedReportDeadline = reportDeadline === null ? null : resolveDeadline(reportDeadline, 'reportDeadline', { now, calendar, sessions });
          payload.reportDeadline = reportDeadline === null ? null : (set.proposedReportDeadline as Date).toISOString();
          Object.assign(set, anchorChange(doc.anchors, { proposedReportDeadline: reportDeadline }));
          Object.assign(payload, anchorInHistory({ proposedReportDeadline: reportDeadline }));
        } else if (campaign !== doc.campaignId && doc.anchors?.proposedReportDeadline) {
          throw new InvalidInput(['campaignId: hạn báo cáo đề xuất tính theo buổi thi của kỳ thi cũ; cho lại reportDeadline cùng lúc']);
        }
        // Per-session reports proposed with the recipients (SPEC §7, §8): null withdraws them; out of a campaign, they go.
        if (sessionReports !== undefined) {
          if (sessionReports !== null && !campaign) throw new InvalidInput(['sessionReports: văn bản không thuộc kỳ thi nào (campaignId), không có buổi thi để báo cáo']);
          set.sessionReports = sessionReports === null ? null : JSON.stringify({ hours: sessionReports.hours });
          payload.sessionReports = sessionReports === null ? null : { hours: sessionReports.hours };
        } else if (!campaign && doc.sessionReports) {
          set.sessionReports = null;
          payload.sessionReports = null;
        }
        return { payload, set };
      }, expectedVersion),
    );
    return this.events.view(row, actor);
  }

  /**
   * A history entry that leaves the state as it is (EDIT, ADD_FILE,
   * REMOVE_FILE), in the caller's transaction: the document is locked and
   * readable by the caller; `entry` checks what it must, writes its own rows
   * and answers the entry's payload (and any change to the document row).
   * The version goes up by one and the entry joins the hash chain.
   */
  async annotate(
    tx: EntityManager,
    actor: Actor,
    id: string,
    event: string,
    entry: (doc: DocumentRow, now: Date, calendar: WorkingCalendar) => Promise<{ payload: Record<string, unknown>; set?: Record<string, unknown> }>,
    expectedVersion?: number,
  ): Promise<{ row: DocumentRow; effects: TxEffects }> {
    const calendar = await this.calendars.current();
    const doc = await this.lock(tx, actor, id, expectedVersion);
    const now = this.clock.now();
    const { payload, set } = await entry(doc, now, calendar);
    return this.writer.write(tx, { doc, actor: actor.username, event, next: doc.snapshot, set, payload, now, calendar });
  }

  /** POST /documents/:id/events: the envelope is {type, expectedVersion?, ...payload}. */
  async sendEvent(actor: Actor, id: string, body: unknown): Promise<DocumentView> {
    const { type } = parseEvent(body);
    const calendar = await this.calendars.current();
    const { row, effects } = await this.db.transaction((tx) => this.sendEventIn(tx, actor, id, body, calendar));
    void this.afterCommit.run(effects);
    this.metrics.transitions.inc({ event: type });
    return this.events.view(row, actor);
  }

  /** The working calendar as deadlines count now: read before a transaction opens (see sendEventIn). */
  calendar(): Promise<WorkingCalendar> {
    return this.calendars.current();
  }

  /**
   * The transition of sendEvent in the caller's transaction: an incoming item's REGISTER and COMPLETE act so
   * on their source document (SPEC §7), their own change and the document's landing together. `calendar` is
   * read before the transaction opens (a transition never asks the pool for a second connection). The
   * caller runs `effects` after its commit.
   */
  async sendEventIn(tx: EntityManager, actor: Actor, id: string, body: unknown, calendar: WorkingCalendar): Promise<{ row: DocumentRow; effects: TxEffects }> {
    const { type, expectedVersion, rest } = parseEvent(body);
    const command = COMMANDS[type];
    if (command.prelock && /^[0-9a-f-]{36}$/i.test(id)) await command.prelock(tx, id);
    const doc = await this.lock(tx, actor, id, expectedVersion);
    const def = this.workflows.get(doc.workflowId, doc.workflowVersion);
    const accepted = acceptedEventTypes(def, doc.state);
    if (!accepted.includes(type)) throw new TransitionNotAllowed(type, doc.state, accepted);
    if (!mayAttempt(type, factsOf(doc), actor, activeDelegators(doc))) {
      throw new NotPermitted(`Người dùng ${actor.username} không được gửi sự kiện ${type} cho văn bản này`);
    }
    const payload = validatePayload(type, rest);
    // A deadline anchored to the exam (SPEC §8) is resolved against the sessions of the document's campaign.
    const sessions = doc.campaignId && givesAnchor(rest) ? await campaignSessions(tx, doc.campaignId) : null;
    const input = { doc, actor, payload, now: this.clock.now(), calendar, sessions, spans: { urgentDissemination: this.config.urgentDissemination } };
    command.check?.(input);
    const plan = command.plan(input, await command.gather?.(tx, input));
    const next = step(def, doc.snapshot, plan.machineEvent);
    if (!next) throw new TransitionNotAllowed(type, doc.state, accepted);
    const set = plan.sign ? { ...plan.set, ...(await this.signed(tx, actor, plan.sign)) } : plan.set;
    const pdfSha256 = await this.issue(tx, type, doc, set, next.value, actor, input.now);
    const recorded = pdfSha256 ? { ...plan.payload, pdfSha256 } : plan.payload;
    const written = await this.writer.write(tx, { ...plan, payload: recorded, doc, actor: actor.username, event: type, next, set, now: input.now, calendar });
    // CORRECT, REPLACE: the linked draft, after the original's entry; the original answers, listing it (SPEC §9).
    if (plan.amendment) {
      await this.createAmendment(tx, actor, written.row, plan.amendment);
      return { ...written, row: await loadDocument(tx, doc.id, actor, false) };
    }
    if (type !== 'DISSEMINATE') return written;
    // Each examflow agency reached receives an incoming item in this very transaction (SPEC §7).
    const jobs = await receiveIncoming(tx, doc.id, input.now, { ...this.deadlineOptions, calendar });
    // A correction or a replacement out: its original says so, and a replaced one's reports end, in this transaction.
    const amended = doc.amends ? await this.markAmended(tx, doc, written.row.number, input.now, calendar) : null;
    return {
      ...written,
      effects: {
        ...written.effects,
        jobs: [...written.effects.jobs, ...jobs],
        notifications: [...written.effects.notifications, ...(amended?.notifications ?? [])],
        mailed: [doc.id],
      },
    };
  }

  /** The draft of a CORRECT or REPLACE (SPEC §9): the drafting unit's, citing the original, linked to it. */
  private async createAmendment(tx: EntityManager, actor: Actor, original: DocumentRow, draft: NonNullable<Plan['amendment']>): Promise<void> {
    const typeName = DOCUMENT_TYPE_NAMES[original.type];
    const issued = registerDate(original.issuedAt ? new Date(original.issuedAt) : null) ?? '';
    const correction = draft.kind === 'correction';
    await this.insertDraft(tx, actor, {
      id: draft.id,
      // Thể thức or procedure: a công văn đính chính; content: a document of the same kind (Nghị định 30 Điều 18.3).
      type: correction ? 'CV' : original.type,
      title: draft.title ?? (correction ? `V/v đính chính ${typeName} số ${original.number}` : original.title),
      body:
        draft.body ??
        (correction
          ? `Ngày ${issued}, ${original.agencyCode} ban hành ${typeName} số ${original.number} về ${original.title}. Do sơ suất, văn bản có sai sót, nay xin đính chính như sau:\n- Đã in: …\n- Nay sửa lại là: …`
          : original.body),
      urgency: original.urgency,
      confidentiality: original.confidentiality,
      // The drafting unit's, even when its drafter has since moved to another unit.
      agencyCode: original.agencyCode,
      unitCode: original.unitCode,
      references: [{ documentId: original.id, number: original.number ?? '', issuedAt: original.issuedAt ? new Date(original.issuedAt).toISOString() : null, title: original.title }],
      campaignId: original.campaignId ?? null,
      amends: { id: original.id, kind: draft.kind },
    });
  }

  /**
   * The correction or the replacement `doc` is out: its original records it (CORRECTED / REPLACED, by the
   * system, in its chained history) and lists it; a replaced original's open reports end (closed) and so do
   * their deadlines (SPEC §9). DISSEMINATE's prelock took both documents' locks in id order.
   */
  private async markAmended(tx: EntityManager, doc: DocumentRow, number: string | null, now: Date, calendar: WorkingCalendar): Promise<{ notifications: WrittenNotification[] }> {
    const original = await loadDocument(tx, doc.amends!, SYSTEM, true);
    const replacement = doc.amendKind === 'replacement';
    const event = replacement ? 'REPLACED' : 'CORRECTED';
    // A final original (reported, recalled) keeps its state: the entry is recorded all the same.
    const next = step(this.workflows.get(original.workflowId, original.workflowVersion), original.snapshot, { type: event }) ?? original.snapshot;
    const { effects } = await this.writer.write(tx, {
      doc: original,
      actor: SYSTEM_ACTOR,
      event,
      next,
      set: replacement ? { replacedBy: doc.id } : { correctedBy: [...(original.correctedBy ?? []), doc.id] },
      payload: { by: doc.id, number },
      write: replacement
        ? async (w) => {
            await w.query(`UPDATE recipients SET report_status = 'closed' WHERE document_id = $1 AND report_status = 'pending'`, [original.id]);
            await w.query(`UPDATE session_reports SET status = 'closed' WHERE document_id = $1 AND status = 'pending'`, [original.id]);
            await w.query(`UPDATE deadlines SET resolved_at = $2 WHERE document_id = $1 AND kind = 'report' AND resolved_at IS NULL`, [original.id, now]);
          }
        : undefined,
      now,
      calendar,
    });
    return { notifications: effects.notifications };
  }

  /**
   * The consultation deadline passed: the system closes the consultation,
   * recording the units that did not answer as `silent` (silence is
   * agreement). Runs inside the caller's transaction (the deadline runner's),
   * which already holds the document's lock. Returns the silent units, or
   * null when the document is no longer in consultation.
   */
  async expireConsultation(
    tx: EntityManager,
    documentId: string,
    now: Date,
    calendar: Awaited<ReturnType<CalendarService['current']>>,
  ): Promise<{ silent: Array<{ agencyCode: string; unitCode: string }>; effects: TxEffects } | null> {
    const doc = await loadDocument(tx, documentId, SYSTEM, true);
    if (doc.state !== 'consulting') return null;
    const event = 'CONSULTATION_DEADLINE_REACHED';
    const next = step(this.workflows.get(doc.workflowId, doc.workflowVersion), doc.snapshot, { type: event });
    if (!next) return null;
    const silent = doc.consultations.filter((c) => c.status === 'pending').map(({ agencyCode, unitCode }) => ({ agencyCode, unitCode }));
    const { effects } = await this.writer.write(tx, {
      doc,
      actor: SYSTEM_ACTOR,
      event,
      next,
      payload: { silent: silent.map((c) => `${c.agencyCode}/${c.unitCode}`) },
      write: async (w) => {
        await w.query(`UPDATE consultations SET status = 'silent', answered_at = $2 WHERE document_id = $1 AND status = 'pending'`, [
          documentId,
          now,
        ]);
      },
      now,
      calendar,
    });
    return { silent, effects };
  }

  /** 400 for a campaign that does not exist (SPEC §8 `campaignId`). */
  private async assertCampaign(q: EntityManager, campaignId: string): Promise<void> {
    const rows = await q.query(`SELECT 1 FROM campaigns WHERE id = $1`, [campaignId]);
    if (rows.length === 0) throw new InvalidInput([`campaignId: không có kỳ thi ${campaignId}`]);
  }

  /** The row locked for a transition, readable by the caller, at the version they saw (when they say). */
  private async lock(tx: EntityManager, actor: Actor, id: string, expectedVersion: number | undefined): Promise<DocumentRow> {
    const doc = await loadDocument(tx, id, actor, true);
    assertReadable(doc, actor);
    if (expectedVersion !== undefined && expectedVersion !== doc.version) throw new VersionConflict(expectedVersion, doc.version);
    return doc;
  }

  /**
   * The issued PDF (SPEC §6), made in the transition's transaction: SIGN draws the document as signed and
   * signs it as the caller; DISSEMINATE adds the agency's signature. Answers the new file's SHA-256, which
   * the history entry records.
   */
  private async issue(
    tx: EntityManager,
    type: string,
    doc: DocumentRow,
    set: Record<string, unknown> | undefined,
    state: string,
    actor: Actor,
    now: Date,
  ): Promise<string | null> {
    if (type === 'SIGN') {
      const signed = toView({ ...doc, ...set, state } as DocumentRow, []);
      return this.pdfs.sign(tx, signed, actor, now);
    }
    if (type === 'DISSEMINATE') return this.pdfs.countersign(tx, doc.id, doc.agencyCode, now);
    return null;
  }

  /** The caller's digital signature over the planned content (SIGN), as document fields. */
  private async signed(tx: EntityManager, actor: Actor, content: NonNullable<Parameters<SignatureService['sign']>[2]>) {
    const { signature, publicKey } = await this.signatures.sign(tx, actor.username, content);
    return { signature, signaturePublicKey: publicKey };
  }
}
