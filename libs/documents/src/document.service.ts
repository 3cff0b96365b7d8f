import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  CLIENT_EVENTS,
  Conflict,
  GENESIS_HASH,
  InvalidInput,
  NotFound,
  NotPermitted,
  TransitionNotAllowed,
  VersionConflict,
  chainHash,
  type WorkingCalendar,
  formatDocumentNumber,
  mayAttempt,
  mayOffer,
  mayRead,
  pendingConsultationOf,
  pendingReportsOf,
  signatureBlock,
  signingAuthorityProblem,
  unacknowledgedOf,
  verifyChain,
  vietnamYear,
  type Actor,
  type ChainVerdict,
  type ChainedEntry,
  type HistoryEntryView,
  type ClientEventType,
  type DocumentFacts,
  type Position,
  type SigningAuthority,
  type Urgency,
  STAGE_DEADLINES,
  SYSTEM_ACTOR,
  isDeadlineStage,
} from '../../domain/src';
import { Clock } from '../../config/src';
import { Metrics } from '../../metrics/src';
import { NotificationService, type WrittenNotification } from '../../notifications/src';
import { NOTIFIED_CTE, stageEnteredNotifications } from './assignments';
import { NotificationBus, OutboxRelay, type OutboxJob } from '../../queue/src';
import { CalendarService } from './calendar.service';
import { DeadlineScheduler } from './deadline.scheduler';
import { SIGNATURE_ALGORITHM, SignatureService } from './signature.service';
import {
  acceptedEventTypes,
  restore,
  initialSnapshot,
  step,
  WorkflowRegistry,
  type DocumentEvent,
  type PersistedDocumentSnapshot,
  type WorkflowDefinition,
} from '../../../workflows';
import {
  PAYLOADS,
  type ClosePayload,
  type CreateDocumentDto,
  type DisseminatePayload,
  type GiveOpinionPayload,
  type ListDocumentsQuery,
  type PatchDocumentDto,
  type ReasonPayload,
  type RevisePayload,
  type SubmitForConsultationPayload,
  type SubmitForSignaturePayload,
  type SubmitReportPayload,
} from './document.dto';
import {
  SELECT_DOCUMENT,
  SELECT_DOCUMENT_FOR_UPDATE,
  documentColumns,
  SELECT_DOCUMENTS,
  iso,
  toView,
  type DocumentRow,
  type DocumentView,
} from './document.view';
import { validateDto } from './validate';
import { delegatorsOf } from '../../persistence/src/sql';

/** Columns an event may set on the document row, by their property names. */
const WRITABLE: Record<string, string> = {
  signer: 'signer',
  signingAuthority: 'signing_authority',
  signatureBlock: 'signature_block',
  number: 'number',
  numberYear: 'number_year',
  numberSeq: 'number_seq',
  issuedAt: 'issued_at',
  consultationDeadline: 'consultation_deadline',
  signatureDeadline: 'signature_deadline',
  disseminationDeadline: 'dissemination_deadline',
  reportDeadline: 'report_deadline',
  closingSummary: 'closing_summary',
  title: 'title',
  body: 'body',
  urgency: 'urgency',
  signedBy: 'signed_by',
  signature: 'signature',
  signaturePublicKey: 'signature_public_key',
  disseminatedAt: 'disseminated_at',
};

/** What an event handler decides, before the machine and the write. */
interface Plan {
  machineEvent: DocumentEvent;
  /** Changes to the document row (property names of WRITABLE). */
  set?: Record<string, unknown>;
  /** What the history row records of the event. */
  payload: Record<string, unknown>;
  onBehalfOf?: string | null;
  /** Writes to child tables, inside the same transaction, after the document row. */
  write?: (tx: EntityManager) => Promise<void>;
}

interface HandlerInput<P> {
  tx: EntityManager;
  doc: DocumentRow;
  actor: Actor;
  payload: P;
  now: Date;
  calendar: WorkingCalendar;
}

/** What a transaction did that matters after its commit. */
export interface TxEffects {
  /** Jobs written to the outbox: hand them to the queue. */
  jobs: OutboxJob[];
  /** Notifications written: tell their users' open streams, and e-mail them (when SMTP is on). */
  notifications?: WrittenNotification[];
}

const SIGNATURE_WORKING_DAYS: Record<Urgency, number> = { flash: 0, very_urgent: 1, urgent: 2, normal: 3 };

/**
 * The authority a delegate signs under (Nghị định 30 Điều 13): a deputy head
 * signing for the head signs "KT.", anyone else "TUQ." (authorised in
 * writing); a signature already by order (TL, TUQ) or for a collective (TM)
 * keeps its form.
 */
function delegatedAuthority(assigned: SigningAuthority | null, delegate: Position): SigningAuthority | null {
  if (assigned === null || assigned === 'KT') return delegate === 'deputy_head' ? 'KT' : 'TUQ';
  return assigned;
}

/**
 * The document lifecycle. One transition is one transaction: lock the row,
 * check who may do it, ask the pure workflow for the next snapshot, write
 * the row with its version, append the hash-chained history row.
 */
@Injectable()
export class DocumentService {
  constructor(
    private readonly db: DataSource,
    readonly workflows: WorkflowRegistry,
    private readonly calendars: CalendarService,
    private readonly scheduler: DeadlineScheduler,
    private readonly relay: OutboxRelay,
    private readonly signatures: SignatureService,
    private readonly metrics: Metrics,
    private readonly notifications: NotificationService,
    private readonly bus: NotificationBus,
    private readonly clock: Clock,
  ) {}

  // ---------------------------------------------------------------- reads

  async get(actor: Actor, id: string): Promise<DocumentView> {
    const doc = await this.load(this.db.manager, id, actor, false);
    this.assertReadable(doc, actor);
    return this.view(doc, actor);
  }

  async list(actor: Actor, query: ListDocumentsQuery): Promise<DocumentView[]> {
    const params: unknown[] = [actor.username];
    const where: string[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (actor.position !== 'admin') {
      const me = '$1';
      const ag = p(actor.agencyCode);
      const unit = p(actor.unitCode);
      const leaderOrClerk = ['head', 'deputy_head', 'clerk'].includes(actor.position);
      where.push(`(
        (d.agency_code = ${ag} AND (${leaderOrClerk} OR d.unit_code = ${unit}))
        OR d.drafter = ${me} OR d.signer = ${me}
        OR d.signer IN (${delegatorsOf(me)})
        OR EXISTS (SELECT 1 FROM consultations c WHERE c.document_id = d.id
                     AND c.agency_code = ${ag} AND c.unit_code = ${unit})
        OR EXISTS (SELECT 1 FROM recipients r WHERE r.document_id = d.id
                     AND r.agency_code = ${ag} AND (r.unit_code IS NULL OR r.unit_code = ${unit})))`);
    }
    if (query.state) where.push(`d.state = ${p(query.state)}`);
    if (query.type) where.push(`d.type = ${p(query.type)}`);
    if (query.q) {
      const like = p(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(d.title ILIKE ${like} OR d.number ILIKE ${like})`);
    }
    if (query.overdue === true) {
      where.push(`(
        (d.state = 'consulting' AND d.consultation_deadline < now())
        OR (d.state = 'awaiting_signature' AND d.signature_deadline < now())
        OR (d.state = 'signed' AND d.dissemination_deadline < now())
        OR (d.state = 'disseminated' AND d.report_deadline < now()
            AND EXISTS (SELECT 1 FROM recipients r WHERE r.document_id = d.id AND r.report_status = 'pending')))`);
    }
    const sql = `${SELECT_DOCUMENTS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY d.updated_at DESC, d.id LIMIT ${p(query.limit ?? 50)} OFFSET ${p(query.offset ?? 0)}`;
    const rows: DocumentRow[] = await this.db.query(sql, params);
    return rows.map((r) => this.view(r, actor));
  }

  /** The document's digital signature, checked against its content as stored now. */
  async signature(actor: Actor, id: string) {
    const doc = await this.load(this.db.manager, id, actor, false);
    this.assertReadable(doc, actor);
    const [row]: Array<{ signedBy: string | null; signature: string | null; publicKey: string | null }> = await this.db.query(
      `SELECT signed_by AS "signedBy", signature, signature_public_key AS "publicKey" FROM documents WHERE id = $1`,
      [id],
    );
    if (!row.signature || !row.publicKey || !row.signedBy || !doc.number || !doc.issuedAt) {
      throw new Conflict(`Văn bản chưa được ký (trạng thái "${doc.state}")`);
    }
    const valid = this.signatures.verify(row.publicKey, row.signature, {
      type: doc.type,
      number: doc.number,
      issuedAt: doc.issuedAt.toISOString(),
      title: doc.title,
      body: doc.body,
      signer: row.signedBy,
    });
    return {
      algorithm: SIGNATURE_ALGORITHM,
      hash: 'SHA-256',
      publicKey: row.publicKey,
      signature: row.signature,
      signedBy: row.signedBy,
      signedAt: doc.issuedAt.toISOString(),
      valid,
    };
  }

  async history(actor: Actor, id: string) {
    const doc = await this.load(this.db.manager, id, actor, false);
    this.assertReadable(doc, actor);
    return this.historyRows(id);
  }

  async verify(actor: Actor, id: string): Promise<ChainVerdict> {
    // The row and its history from one snapshot: a transition committing between two reads would
    // otherwise look like a broken chain.
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      const doc = await this.load(tx, id, actor, false);
      this.assertReadable(doc, actor);
      const rows = await this.historyRows(id, tx);
      return verifyChain(rows, { length: doc.version, lastHash: doc.lastHash });
    });
  }

  private async historyRows(id: string, tx: EntityManager = this.db.manager): Promise<HistoryEntryView[]> {
    const rows: Array<Omit<ChainedEntry, 'at'> & { at: Date; prevHash: string; hash: string }> = await tx.query(
      `SELECT seq, event, from_state AS "from", to_state AS "to", actor, on_behalf_of AS "onBehalfOf",
              at, payload, prev_hash AS "prevHash", hash
         FROM document_history WHERE document_id = $1 ORDER BY seq`,
      [id],
    );
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }

  // --------------------------------------------------------------- writes

  async create(actor: Actor, dto: CreateDocumentDto): Promise<DocumentView> {
    if ((actor.position !== 'officer' && actor.position !== 'unit_head') || !actor.unitCode || !actor.agencyCode) {
      throw new NotPermitted('Chỉ chuyên viên hoặc lãnh đạo đơn vị mới được tạo dự thảo văn bản');
    }
    const def = this.workflows.latestFor(dto.type);
    const id = randomUUID();
    const now = this.clock.now();
    const urgency = dto.urgency ?? 'normal';
    const payload = { type: dto.type, title: dto.title, urgency };
    const entry = { seq: 1, event: 'CREATE', from: null, to: 'draft', actor: actor.username, onBehalfOf: null, at: now.toISOString(), payload };
    const hash = chainHash(GENESIS_HASH, entry);
    // One statement: the document and its first history row land together or not at all, and it answers the row.
    const [row]: DocumentRow[] = await this.db.query(
      `WITH d AS (
         INSERT INTO documents (id, type, title, body, urgency, state, version, agency_code, unit_code, drafter,
                                workflow_id, workflow_version, snapshot, last_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'draft', 1, $6, $7, $8, $9, $10, $11, $12, $13, $13)
         RETURNING *),
       h AS (
         INSERT INTO document_history (document_id, seq, event, from_state, to_state, actor, at, payload, prev_hash, hash)
         SELECT d.id, 1, 'CREATE', NULL, 'draft', $8, $13, $14, $15, $12 FROM d)
       SELECT ${documentColumns('$8')} FROM d`,
      [
        id,
        dto.type,
        dto.title,
        dto.body ?? '',
        urgency,
        actor.agencyCode,
        actor.unitCode,
        actor.username,
        def.id,
        def.version,
        JSON.stringify(initialSnapshot(def)),
        hash,
        now,
        JSON.stringify(payload),
        GENESIS_HASH,
      ],
    );
    return this.view(row, actor);
  }

  async patch(actor: Actor, id: string, dto: PatchDocumentDto): Promise<DocumentView> {
    const { expectedVersion, ...changes } = dto;
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length === 0) throw new InvalidInput(['body: nothing to change (title, body or urgency)']);
    const calendar = await this.calendars.current();
    const { row } = await this.db.transaction(async (tx) => {
      const doc = await this.load(tx, id, actor, true);
      this.assertReadable(doc, actor);
      if (expectedVersion !== undefined && expectedVersion !== doc.version) {
        throw new VersionConflict(expectedVersion, doc.version);
      }
      if (doc.state !== 'draft') {
        throw new Conflict(`Chỉ sửa được văn bản ở trạng thái "draft"; văn bản đang ở trạng thái "${doc.state}"`);
      }
      if (!mayAttempt('SUBMIT_FOR_CONSULTATION', this.facts(doc), actor, new Set())) {
        throw new NotPermitted('Chỉ đơn vị soạn thảo được sửa dự thảo');
      }
      const payload = { ...set };
      if (typeof payload.body === 'string' && payload.body.length > 2000) payload.body = `(${payload.body.length} ký tự)`;
      return this.write(tx, calendar, doc, actor, 'EDIT', doc.snapshot, { set, payload }, this.clock.now());
    });
    return this.view(row, actor);
  }

  /** POST /documents/:id/events: the envelope is {type, expectedVersion?, ...payload}. */
  async sendEvent(actor: Actor, id: string, body: Record<string, unknown>): Promise<DocumentView> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new InvalidInput(['body must be a JSON object']);
    }
    const { type, expectedVersion, ...rest } = body;
    const errors: string[] = [];
    if (typeof type !== 'string' || !(CLIENT_EVENTS as readonly string[]).includes(type)) {
      errors.push(`type must be one of the following values: ${CLIENT_EVENTS.join(', ')}`);
    }
    if (expectedVersion !== undefined && !(Number.isInteger(expectedVersion) && (expectedVersion as number) >= 1)) {
      errors.push('expectedVersion must be an integer ≥ 1');
    }
    if (errors.length) throw new InvalidInput(errors);
    const eventType = type as ClientEventType;
    const calendar = await this.calendars.current();

    const { row, effects } = await this.db.transaction(async (tx) => {
      const doc = await this.load(tx, id, actor, true);
      this.assertReadable(doc, actor);
      if (expectedVersion !== undefined && expectedVersion !== doc.version) {
        throw new VersionConflict(expectedVersion as number, doc.version);
      }
      const def = this.workflows.get(doc.workflowId, doc.workflowVersion);
      const accepted = acceptedEventTypes(def, doc.state);
      if (!accepted.includes(eventType)) throw new TransitionNotAllowed(eventType, doc.state, accepted);
      if (!mayAttempt(eventType, this.facts(doc), actor, this.delegators(doc))) {
        throw new NotPermitted(`Người dùng ${actor.username} không được gửi sự kiện ${eventType} cho văn bản này`);
      }
      const payload = validateDto(PAYLOADS[eventType], rest);
      const now = this.clock.now();
      const plan = await this.plan(eventType, { tx, doc, actor, payload, now, calendar });
      const next = step(def, doc.snapshot, plan.machineEvent);
      if (!next) throw new TransitionNotAllowed(eventType, doc.state, accepted);
      return this.write(tx, calendar, doc, actor, eventType, next, plan, now);
    });
    this.afterCommit(effects);
    this.metrics.transitions.inc({ event: eventType });
    return this.view(row, actor);
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
  ): Promise<{ silent: Array<{ agencyCode: string; unitCode: string }>; effects: TxEffects } | null> {
    const system: Actor = { username: SYSTEM_ACTOR, position: 'admin', agencyCode: null, unitCode: null, fullName: 'Hệ thống', title: '' };
    const doc = await this.load(tx, documentId, system, true);
    if (doc.state !== 'consulting') return null;
    const def = this.workflows.get(doc.workflowId, doc.workflowVersion);
    const next = step(def, doc.snapshot, { type: 'CONSULTATION_DEADLINE_REACHED' });
    if (!next) return null;
    const silent = doc.consultations.filter((c) => c.status === 'pending');
    const { effects } = await this.write(tx, await this.calendars.current(), doc, SYSTEM_ACTOR, 'CONSULTATION_DEADLINE_REACHED', next, {
      payload: { silent: silent.map((c) => `${c.agencyCode}/${c.unitCode}`) },
      write: async (w) => {
        await w.query(`UPDATE consultations SET status = 'silent', answered_at = $2 WHERE document_id = $1 AND status = 'pending'`, [
          documentId,
          now,
        ]);
      },
    }, now);
    return { silent: silent.map(({ agencyCode, unitCode }) => ({ agencyCode, unitCode })), effects };
  }

  /** After a transaction that wrote outbox rows has committed: hand them to the queue (not awaited). */
  afterCommit(effects: TxEffects): void {
    this.relay.push(effects.jobs);
    const written = effects.notifications ?? [];
    if (written.length === 0) return;
    this.bus.publish(written.map((n) => n.username));
    if (this.notifications.emailEnabled) {
      void this.notifications.email(written.map((n) => n.id)).catch(() => undefined); // the sweep retries
    }
  }

  // ------------------------------------------------------------ handlers

  private plan(type: ClientEventType, input: HandlerInput<object>): Promise<Plan> | Plan {
    switch (type) {
      case 'SUBMIT_FOR_CONSULTATION':
        return this.submitForConsultation(input as HandlerInput<SubmitForConsultationPayload>);
      case 'GIVE_OPINION':
        return this.giveOpinion(input as HandlerInput<GiveOpinionPayload>);
      case 'REVISE': {
        const { note } = (input as HandlerInput<RevisePayload>).payload;
        return { machineEvent: { type: 'REVISE' }, payload: note ? { note } : {} };
      }
      case 'SUBMIT_FOR_SIGNATURE':
        return this.submitForSignature(input as HandlerInput<SubmitForSignaturePayload>);
      case 'SIGN':
        return this.sign(input);
      case 'RETURN': {
        const { reason } = (input as HandlerInput<ReasonPayload>).payload;
        return {
          machineEvent: { type: 'RETURN' },
          set: { signer: null, signingAuthority: null, signatureDeadline: null },
          payload: { reason, signer: input.doc.signer },
          onBehalfOf: this.onBehalfOf(input.doc, input.actor),
        };
      }
      case 'DISSEMINATE':
        return this.disseminate(input as HandlerInput<DisseminatePayload>);
      case 'ACKNOWLEDGE':
        return this.acknowledge(input);
      case 'SUBMIT_REPORT':
        return this.submitReport(input as HandlerInput<SubmitReportPayload>);
      case 'CLOSE': {
        const { summary } = (input as HandlerInput<ClosePayload>).payload;
        return {
          machineEvent: { type: 'CLOSE' },
          set: { closingSummary: summary },
          payload: { summary },
          write: async (tx) => {
            await tx.query(
              `UPDATE recipients SET report_status = 'closed' WHERE document_id = $1 AND report_status = 'pending'`,
              [input.doc.id],
            );
          },
        };
      }
      case 'WITHDRAW': {
        const { reason } = (input as HandlerInput<ReasonPayload>).payload;
        return { machineEvent: { type: 'WITHDRAW' }, payload: { reason } };
      }
    }
  }

  private async submitForConsultation({ tx, doc, payload, now, calendar }: HandlerInput<SubmitForConsultationPayload>): Promise<Plan> {
    if (payload.deadline !== undefined && payload.workingDays !== undefined) {
      throw new InvalidInput(['deadline, workingDays: give one of them, not both']);
    }
    const deadline =
      payload.workingDays !== undefined
        ? calendar.addWorkingDays(now, payload.workingDays)
        : this.futureDate(payload.deadline!, 'deadline', now);
    const units = await this.resolveUnits(tx, payload.consultees, doc.agencyCode, 'consultees');
    const own = units.findIndex((u) => u.agencyCode === doc.agencyCode && u.unitCode === doc.unitCode);
    if (own >= 0) throw new InvalidInput([`consultees.${own}: không lấy ý kiến chính đơn vị soạn thảo (${doc.unitCode})`]);
    const keys = units.map((u) => `${u.agencyCode}/${u.unitCode}`);
    if (new Set(keys).size !== keys.length) throw new InvalidInput(['consultees: một đơn vị được nêu hai lần']);
    return {
      machineEvent: { type: 'SUBMIT_FOR_CONSULTATION', consultees: keys },
      set: { consultationDeadline: deadline },
      payload: { consultees: keys, deadline: deadline.toISOString() },
      write: async (w) => {
        // A new round replaces the answers of an earlier one (they stay in the history).
        await w.query(`DELETE FROM consultations WHERE document_id = $1`, [doc.id]);
        await w.query(
          `INSERT INTO consultations (document_id, agency_code, unit_code, status)
           SELECT $1, * , 'pending' FROM unnest($2::text[], $3::text[])`,
          [doc.id, units.map((u) => u.agencyCode), units.map((u) => u.unitCode)],
        );
      },
    };
  }

  private giveOpinion({ doc, actor, payload, now }: HandlerInput<GiveOpinionPayload>): Plan {
    const c = pendingConsultationOf(this.facts(doc), actor)!;
    const status = payload.agree ? 'agreed' : 'disagreed';
    const comment = payload.comment ?? null;
    return {
      machineEvent: { type: 'GIVE_OPINION', consultee: `${c.agencyCode}/${c.unitCode}` },
      payload: { unit: `${c.agencyCode}/${c.unitCode}`, agree: payload.agree, comment },
      write: async (tx) => {
        await tx.query(
          `UPDATE consultations SET status = $4, comment = $5, answered_at = $6, answered_by = $7
            WHERE document_id = $1 AND agency_code = $2 AND unit_code = $3`,
          [doc.id, c.agencyCode, c.unitCode, status, comment, now, actor.username],
        );
      },
    };
  }

  private async submitForSignature({ tx, doc, payload, now, calendar }: HandlerInput<SubmitForSignaturePayload>): Promise<Plan> {
    const authority = payload.signingAuthority ?? null;
    const rows: Array<{ position: Position; agencyCode: string | null }> = await tx.query(
      `SELECT position, agency_code AS "agencyCode" FROM users WHERE username = $1`,
      [payload.signer],
    );
    const signer = rows[0];
    if (!signer) throw new InvalidInput([`signer: không có người dùng "${payload.signer}"`]);
    if (signer.agencyCode !== doc.agencyCode || !['head', 'deputy_head', 'unit_head'].includes(signer.position)) {
      throw new InvalidInput([
        `signer: "${payload.signer}" phải là lãnh đạo (head, deputy_head, hoặc unit_head với TL/TUQ) của ${doc.agencyCode}`,
      ]);
    }
    const problem = signingAuthorityProblem(signer.position, authority);
    if (problem) throw new InvalidInput([`signingAuthority: ${problem}`]);
    const deadline =
      payload.deadline !== undefined
        ? this.futureDate(payload.deadline, 'deadline', now)
        : calendar.addWorkingDays(now, SIGNATURE_WORKING_DAYS[doc.urgency]);
    return {
      machineEvent: { type: 'SUBMIT_FOR_SIGNATURE' },
      set: { signer: payload.signer, signingAuthority: authority, signatureDeadline: deadline },
      payload: { signer: payload.signer, signingAuthority: authority, deadline: deadline.toISOString() },
    };
  }

  private async sign({ tx, doc, actor, now, calendar }: HandlerInput<object>): Promise<Plan> {
    const year = vietnamYear(now);
    // The next number and the signer's particulars in one statement. The counter row is locked until
    // commit: numbers of one agency are issued one at a time, and a transaction that fails rolls its
    // number back, so there is never a gap.
    const [info]: Array<{
      seq: number;
      fullName: string;
      title: string;
      agencyName: string;
      agencyLevel: 'ministry' | 'department';
      headTitle: string | null;
    }> = await tx.query(
      `WITH c AS (
         INSERT INTO number_counters (agency_code, year, last_value) VALUES ($2, $3, 1)
         ON CONFLICT (agency_code, year) DO UPDATE SET last_value = number_counters.last_value + 1
         RETURNING last_value)
       SELECT c.last_value AS seq, u.full_name AS "fullName", u.title, a.name AS "agencyName", a.level AS "agencyLevel",
              (SELECT h.title FROM users h WHERE h.agency_code = a.code AND h.position = 'head'
                ORDER BY h.username LIMIT 1) AS "headTitle"
         FROM c, users u JOIN agencies a ON a.code = $2
        WHERE u.username = $1`,
      [actor.username, doc.agencyCode, year],
    );
    const seq = info.seq;
    const number = formatDocumentNumber(seq, doc.type, doc.agencyCode, doc.unitCode);
    const onBehalfOf = this.onBehalfOf(doc, actor);
    const authority = onBehalfOf ? delegatedAuthority(doc.signingAuthority, actor.position) : doc.signingAuthority;
    const block = signatureBlock({
      authority,
      agencyName: info.agencyName,
      agencyLevel: info.agencyLevel,
      headTitle: info.headTitle,
      signerTitle: info.title,
      signerName: info.fullName,
    });
    const { signature, publicKey } = await this.signatures.sign(tx, actor.username, {
      type: doc.type,
      number,
      issuedAt: now.toISOString(),
      title: doc.title,
      body: doc.body,
      signer: actor.username,
    });
    return {
      machineEvent: { type: 'SIGN' },
      set: {
        number,
        numberYear: year,
        numberSeq: seq,
        issuedAt: now,
        signatureBlock: block,
        signingAuthority: authority,
        signedBy: actor.username,
        signature,
        signaturePublicKey: publicKey,
        // Nghị định 30: sent the day it is signed, at the latest the next working day.
        disseminationDeadline: calendar.addWorkingDays(now, 1),
      },
      payload: { number, issuedAt: now.toISOString(), signatureBlock: block },
      onBehalfOf,
    };
  }

  private async disseminate({ tx, doc, payload, now }: HandlerInput<DisseminatePayload>): Promise<Plan> {
    const resolved: Array<{ agencyCode: string; unitCode: string | null; purpose: string }> = [];
    const errors: string[] = [];
    const unitRefs = payload.recipients
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.unitCode !== undefined);
    const units = await this.resolveUnits(
      tx,
      unitRefs.map(({ r }) => (r.agencyCode ? `${r.agencyCode}/${r.unitCode}` : r.unitCode!)),
      doc.agencyCode,
      'recipients',
      unitRefs.map(({ i }) => `recipients.${i}`),
    );
    const agencyCodes = payload.recipients.filter((r) => r.unitCode === undefined).map((r) => r.agencyCode!);
    const known = new Set<string>(
      (await tx.query(`SELECT code FROM agencies WHERE code = ANY($1)`, [agencyCodes])).map((r: { code: string }) => r.code),
    );
    let u = 0;
    payload.recipients.forEach((r, i) => {
      if (r.unitCode !== undefined) {
        resolved.push({ ...units[u++], purpose: r.purpose });
      } else if (!known.has(r.agencyCode!)) {
        errors.push(`recipients.${i}.agencyCode: không có cơ quan "${r.agencyCode}"`);
      } else {
        resolved.push({ agencyCode: r.agencyCode!, unitCode: null, purpose: r.purpose });
      }
    });
    if (errors.length) throw new InvalidInput(errors);
    const keys = resolved.map((r) => `${r.agencyCode}/${r.unitCode ?? '*'}`);
    const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (dup >= 0) throw new InvalidInput([`recipients.${dup}: nơi nhận lặp lại`]);
    const reportDeadline = payload.reportDeadline ? this.futureDate(payload.reportDeadline, 'reportDeadline', now) : null;
    const reports = resolved.flatMap((r, i) => (r.purpose === 'implement' ? [String(i)] : []));
    return {
      machineEvent: { type: 'DISSEMINATE', reports },
      set: { reportDeadline, disseminatedAt: now },
      payload: {
        recipients: resolved.map((r) => ({ agencyCode: r.agencyCode, unitCode: r.unitCode, purpose: r.purpose })),
        reportDeadline: iso(reportDeadline),
      },
      write: async (w) => {
        await w.query(
          `INSERT INTO recipients (document_id, idx, agency_code, unit_code, purpose, report_status)
           SELECT $1, t.idx, t.agency_code, t.unit_code, t.purpose,
                  CASE WHEN t.purpose = 'implement' THEN 'pending' END
             FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS t(idx, agency_code, unit_code, purpose)`,
          [
            doc.id,
            resolved.map((_, i) => i),
            resolved.map((r) => r.agencyCode),
            resolved.map((r) => r.unitCode),
            resolved.map((r) => r.purpose),
          ],
        );
      },
    };
  }

  private acknowledge({ doc, actor, now }: HandlerInput<object>): Plan {
    const mine = unacknowledgedOf(this.facts(doc), actor) as Array<DocumentRow['recipients'][number]>;
    if (mine.length === 0) throw new Conflict('Đã xác nhận nhận văn bản này');
    const idx = mine.map((r) => r.idx);
    return {
      machineEvent: { type: 'ACKNOWLEDGE' },
      payload: { recipients: idx },
      write: async (tx) => {
        await tx.query(
          `UPDATE recipients SET acknowledged_at = $3, acknowledged_by = $4 WHERE document_id = $1 AND idx = ANY($2)`,
          [doc.id, idx, now, actor.username],
        );
      },
    };
  }

  private submitReport({ doc, actor, payload, now }: HandlerInput<SubmitReportPayload>): Plan {
    const mine = pendingReportsOf(this.facts(doc), actor) as Array<DocumentRow['recipients'][number]>;
    const idx = mine.map((r) => r.idx);
    return {
      machineEvent: { type: 'SUBMIT_REPORT', reports: idx.map(String) },
      payload: { recipients: idx, content: payload.content },
      write: async (tx) => {
        // Reporting implies having received it.
        await tx.query(
          `UPDATE recipients SET report_status = 'submitted', report_content = $3, report_submitted_at = $4,
                  report_submitted_by = $5,
                  acknowledged_at = COALESCE(acknowledged_at, $4), acknowledged_by = COALESCE(acknowledged_by, $5)
            WHERE document_id = $1 AND idx = ANY($2)`,
          [doc.id, idx, payload.content, now, actor.username],
        );
      },
    };
  }

  // -------------------------------------------------------------- helpers

  /**
   * Runs the plan's child writes, then in one statement updates the row with
   * its version check, appends the history row, moves the deadlines along
   * with the stage and writes its notifications (as CTEs), and reads the
   * document back as it now stands.
   */
  private async write(
    tx: EntityManager,
    calendar: WorkingCalendar,
    doc: DocumentRow,
    actor: Actor | string,
    event: string,
    next: PersistedDocumentSnapshot,
    plan: Pick<Plan, 'set' | 'payload' | 'onBehalfOf' | 'write'>,
    now: Date,
  ): Promise<{ row: DocumentRow; effects: TxEffects }> {
    const seq = doc.version + 1;
    const actorName = typeof actor === 'string' ? actor : actor.username;
    const entry = {
      seq,
      event,
      from: doc.state,
      to: next.value,
      actor: actorName,
      onBehalfOf: plan.onBehalfOf ?? null,
      at: now.toISOString(),
      payload: plan.payload,
    };
    const hash = chainHash(doc.lastHash, entry);
    const params: unknown[] = [doc.id, doc.version, next.value, JSON.stringify(next), hash, now];
    const sets = Object.entries(plan.set ?? {}).map(([k, v]) => {
      const column = WRITABLE[k];
      if (!column) throw new Error(`not a writable document field: ${k}`);
      params.push(v);
      return `${column} = $${params.length}`;
    });
    params.push(seq, event, actorName, entry.onBehalfOf, JSON.stringify(plan.payload), doc.lastHash, doc.state);
    const n = params.length;
    params.push(typeof actor === 'string' ? actor : actor.username);
    // Child rows first, so that the document read back below includes them (and the notifications see them).
    if (plan.write) await plan.write(tx);
    const param = (value: unknown) => `$${params.push(value)}`;
    const ctes: string[] = [];
    let jobs: OutboxJob[] = [];
    let notifying = false;
    if (doc.state !== next.value) {
      const due = this.dueOf(doc, next, plan.set);
      const deadlines = this.scheduler.onStageChange(
        param,
        { documentId: doc.id, from: doc.state, to: next.value, stageEntry: seq, due, now },
        calendar,
      );
      jobs = deadlines.jobs;
      ctes.push(...deadlines.ctes);
      const told = stageEnteredNotifications(param, {
        documentId: doc.id,
        seq,
        event,
        to: next.value,
        document: { number: (plan.set?.number as string | undefined) ?? doc.number, title: doc.title },
        dueAt: due ?? (next.value === 'disseminated' ? (plan.set?.reportDeadline as Date | null) ?? null : null),
        reason: typeof plan.payload.reason === 'string' ? plan.payload.reason : undefined,
        implement: next.context.pendingReports.length > 0,
        now,
        email: this.notifications.emailEnabled,
        signer: 'signer' in (plan.set ?? {}) ? (plan.set!.signer as string | null) : doc.signer,
      });
      ctes.push(...told);
      notifying = told.length > 0;
    }
    // The update, the history row, the deadlines and notifications of a stage change, and the read-back, in
    // one statement; the WHERE on version is the optimistic check (on a miss the transaction rolls back,
    // taking the rest with it).
    const rows: Array<DocumentRow & { __notified?: WrittenNotification[] }> = await tx.query(
      `WITH ${ctes.map((c) => `${c},
       `).join('')}u AS (
         UPDATE documents SET state = $3, version = version + 1, snapshot = $4, last_hash = $5, updated_at = $6
                              ${sets.length ? `, ${sets.join(', ')}` : ''}
          WHERE id = $1 AND version = $2
         RETURNING *),
       h AS (
         INSERT INTO document_history (document_id, seq, event, from_state, to_state, actor, on_behalf_of, at, payload, prev_hash, hash)
         SELECT u.id, $${n - 6}, $${n - 5}, $${n}, $3, $${n - 4}, $${n - 3}, $6, $${n - 2}, $${n - 1}, $5 FROM u)
       SELECT ${documentColumns(`$${n + 1}`)}
              ${notifying ? `, (SELECT coalesce(json_agg(json_build_object('id', t.id, 'username', t.username)), '[]'::json) FROM ${NOTIFIED_CTE} t) AS "__notified"` : ''}
         FROM u AS d`,
      params,
    );
    if (rows.length !== 1) throw new VersionConflict(null, null);
    const { __notified: notifications = [], ...row } = rows[0];
    return { row: row as DocumentRow, effects: { jobs, notifications } };
  }

  /** The deadline of the stage a document enters, from the row as this transition leaves it. */
  private dueOf(doc: DocumentRow, next: PersistedDocumentSnapshot, set: Record<string, unknown> = {}): Date | null {
    if (!isDeadlineStage(next.value)) return null;
    // A dissemination without report obligations owes no report.
    if (next.value === 'disseminated' && next.context.pendingReports.length === 0) return null;
    const field = STAGE_DEADLINES[next.value].field;
    const value = field in set ? set[field] : doc[field];
    return value ? new Date(value as Date | string) : null;
  }

  private async load(tx: EntityManager, id: string, actor: Actor, forUpdate: boolean): Promise<DocumentRow> {
    const rows: DocumentRow[] = await tx.query(forUpdate ? SELECT_DOCUMENT_FOR_UPDATE : SELECT_DOCUMENT, [
      id,
      actor.username,
    ]);
    if (!rows[0]) throw new NotFound(`Không có văn bản ${id}`);
    return rows[0];
  }

  private assertReadable(doc: DocumentRow, actor: Actor): void {
    if (!mayRead(this.facts(doc), actor, this.delegators(doc))) {
      throw new NotPermitted('Người dùng không có quyền xem văn bản này');
    }
  }

  private facts(doc: DocumentRow): DocumentFacts {
    return {
      state: doc.state,
      agencyCode: doc.agencyCode,
      unitCode: doc.unitCode,
      drafter: doc.drafter,
      signer: doc.signer,
      consultations: doc.consultations,
      recipients: doc.recipients,
    };
  }

  private delegators(doc: DocumentRow): ReadonlySet<string> {
    return doc.signerDelegatedToCaller && doc.signer ? new Set([doc.signer]) : new Set();
  }

  private onBehalfOf(doc: DocumentRow, actor: Actor): string | null {
    return doc.signer && doc.signer !== actor.username ? doc.signer : null;
  }

  view(doc: DocumentRow, actor: Actor): DocumentView {
    return toView(doc, this.availableEvents(doc, actor));
  }

  /** The events the caller may send now: the policy allows it and the machine would take it. */
  availableEvents(doc: DocumentRow, actor: Actor): ClientEventType[] {
    const def = this.workflows.get(doc.workflowId, doc.workflowVersion);
    const facts = this.facts(doc);
    const delegators = this.delegators(doc);
    const accepted = new Set(acceptedEventTypes(def, doc.state));
    const candidates = CLIENT_EVENTS.filter((type) => accepted.has(type) && mayOffer(type, facts, actor, delegators));
    if (candidates.length === 0) return [];
    // The machine's answer depends only on the definition, the snapshot and the event: remember it, since
    // restoring a snapshot costs tens of microseconds and lists ask the same question many times.
    let snapshot: ReturnType<typeof restore> | undefined;
    const base = `${def.id}@${def.version}|${JSON.stringify(doc.snapshot)}|`;
    return candidates.filter((type) => {
      const event = this.probeEvent(type, facts, actor);
      const key = base + JSON.stringify(event);
      let answer = this.machineAnswers.get(key);
      if (answer === undefined) {
        snapshot ??= restore(def, doc.snapshot);
        answer = snapshot.can(event);
        if (this.machineAnswers.size >= 10_000) this.machineAnswers.clear();
        this.machineAnswers.set(key, answer);
      }
      return answer;
    });
  }

  private readonly machineAnswers = new Map<string, boolean>();

  /** An event as the caller would send it, for asking the machine whether it would be taken. */
  private probeEvent(type: ClientEventType, facts: DocumentFacts, actor: Actor): DocumentEvent {
    switch (type) {
      case 'SUBMIT_FOR_CONSULTATION':
        return { type, consultees: ['?'] };
      case 'GIVE_OPINION': {
        const c = pendingConsultationOf(facts, actor);
        return { type, consultee: c ? `${c.agencyCode}/${c.unitCode}` : '' };
      }
      case 'DISSEMINATE':
        return { type, reports: [] };
      case 'SUBMIT_REPORT':
        return { type, reports: (pendingReportsOf(facts, actor) as DocumentRow['recipients']).map((r) => String(r.idx)) };
      default:
        return { type } as DocumentEvent;
    }
  }

  private futureDate(text: string, field: string, now: Date): Date {
    const d = new Date(text);
    if (Number.isNaN(d.getTime())) throw new InvalidInput([`${field} must be an ISO 8601 date`]);
    if (d.getTime() <= now.getTime()) throw new InvalidInput([`${field}: thời hạn phải ở tương lai`]);
    return d;
  }

  /**
   * Unit references: `CODE` is a unit of the document's agency, else the one
   * unit of that code elsewhere; `AGENCY/CODE` names the agency.
   */
  private async resolveUnits(
    tx: EntityManager,
    refs: string[],
    defaultAgency: string,
    field: string,
    paths: string[] = refs.map((_, i) => `${field}.${i}`),
  ): Promise<Array<{ agencyCode: string; unitCode: string }>> {
    if (refs.length === 0) return [];
    const codes = refs.map((r) => (r.includes('/') ? r.slice(r.indexOf('/') + 1) : r));
    const rows: Array<{ agencyCode: string; code: string }> = await tx.query(
      `SELECT agency_code AS "agencyCode", code FROM units WHERE code = ANY($1)`,
      [codes],
    );
    const errors: string[] = [];
    const out = refs.map((ref, i) => {
      const slash = ref.indexOf('/');
      const [agency, code] = slash >= 0 ? [ref.slice(0, slash), ref.slice(slash + 1)] : [null, ref];
      const matches = rows.filter((r) => r.code === code && (agency === null || r.agencyCode === agency));
      const own = matches.find((r) => r.agencyCode === defaultAgency);
      const pick = agency === null ? (own ?? (matches.length === 1 ? matches[0] : undefined)) : matches[0];
      if (!pick) {
        errors.push(
          matches.length > 1
            ? `${paths[i]}: mã đơn vị "${ref}" có ở nhiều cơ quan; ghi rõ "CƠQUAN/${code}"`
            : `${paths[i]}: không có đơn vị "${ref}"`,
        );
        return { agencyCode: '', unitCode: '' };
      }
      return { agencyCode: pick.agencyCode, unitCode: pick.code };
    });
    if (errors.length) throw new InvalidInput(errors);
    return out;
  }
}
