import { EXCERPT_LENGTH, type Actor, type AmendKind, type DocumentState, type ConsultationView, type DocumentFacts, type DocumentView, type Purpose, type ReportStatus } from '../../../domain/src';
import type { PersistedDocumentSnapshot } from '../../../../workflows';
import { delegatorsOf } from '../../../persistence/src/sql';

/** The answers' shapes live in libs/domain (shared with the web app). */
export type { ConsultationView, DocumentView };

/** The moments of a document: ISO strings in the answer, Dates in the row. */
type Moments = 'issuedAt' | 'consultationDeadline' | 'signatureDeadline' | 'disseminationDeadline' | 'reportDeadline' | 'proposedReportDeadline' | 'createdAt' | 'updatedAt';

/**
 * A document row as the service loads it, with its consultations and
 * recipients: the answer's fields, with Dates, the workflow's snapshot and
 * hash, and the recipients as stored.
 */
export interface DocumentRow
  extends Omit<DocumentView, Moments | 'recipients' | 'workflow' | 'availableEvents' | 'recall' | 'corrects' | 'replaces' | 'correctedBy' | 'replacedBy' | 'amendments'> {
  recalledAt: Date | null;
  recallReason: string | null;
  amends: string | null;
  amendKind: AmendKind | null;
  replacedBy: string | null;
  correctedBy: string[];
  amendments: Array<{ documentId: string; kind: AmendKind; state: DocumentState; number: string | null }>;
  issuedAt: Date | null;
  consultationDeadline: Date | null;
  signatureDeadline: Date | null;
  disseminationDeadline: Date | null;
  reportDeadline: Date | null;
  proposedReportDeadline: Date | null;
  createdAt: Date;
  updatedAt: Date;
  workflowId: string;
  workflowVersion: number;
  snapshot: PersistedDocumentSnapshot;
  lastHash: string;
  recipients: Array<{
    idx: number;
    agencyCode: string | null;
    unitCode: string | null;
    externalCode: string | null;
    username: string | null;
    groupCode: string | null;
    note: string | null;
    main: boolean;
    purpose: Purpose;
    acknowledgedAt: string | null;
    acknowledgedBy: string | null;
    reportStatus: ReportStatus | null;
    reportContent: string | null;
    reportSubmittedAt: string | null;
    reportSubmittedBy: string | null;
    /** Per-session reports (SPEC §8), earliest first; null when it owes none. */
    sessionReports: Array<{ session: string; status: ReportStatus; dueAt: string; submittedAt: string | null; submittedBy: string | null; content: string | null }> | null;
  }>;
  /** Whether the signer has delegated to the caller for this moment. */
  signerDelegatedToCaller: boolean;
}

/**
 * The columns of `documents`, by the property names the code uses: the one
 * list the read (`documentColumns`) and the write (the transition's `set`)
 * are built from. (The entity in libs/persistence describes the same table
 * for TypeORM; test/schema.spec.ts keeps it truthful.)
 */
export const DOCUMENT_COLUMNS = {
  id: 'id',
  type: 'type',
  title: 'title',
  body: 'body',
  urgency: 'urgency',
  confidentiality: 'confidentiality',
  numberSeries: 'number_series',
  state: 'state',
  version: 'version',
  agencyCode: 'agency_code',
  unitCode: 'unit_code',
  drafter: 'drafter',
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
  proposedRecipients: 'proposed_recipients',
  proposedReportDeadline: 'proposed_report_deadline',
  references: 'refs',
  campaignId: 'campaign_id',
  anchors: 'anchors',
  sessionReports: 'session_reports',
  closingSummary: 'closing_summary',
  recalledAt: 'recalled_at',
  recallReason: 'recall_reason',
  amends: 'amends',
  amendKind: 'amend_kind',
  replacedBy: 'replaced_by',
  correctedBy: 'corrected_by',
  signedBy: 'signed_by',
  signature: 'signature',
  signaturePublicKey: 'signature_public_key',
  disseminatedAt: 'disseminated_at',
  workflowId: 'workflow_id',
  workflowVersion: 'workflow_version',
  snapshot: 'snapshot',
  lastHash: 'last_hash',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;

export type DocumentField = keyof typeof DOCUMENT_COLUMNS;

/** What the transition itself writes on every step (state, version, snapshot, hash, time) or never changes. */
type FixedField = 'id' | 'type' | 'state' | 'version' | 'agencyCode' | 'unitCode' | 'drafter' | 'workflowId' | 'workflowVersion' | 'snapshot' | 'lastHash' | 'createdAt' | 'updatedAt';

/** The fields an event may set on the document row. */
export type WritableField = Exclude<DocumentField, FixedField>;
export type DocumentChanges = Partial<Record<WritableField, unknown>>;

/** The columns a document row is loaded with (the rest are the signature's, read by its own endpoint). */
const READ: readonly DocumentField[] = [
  'id', 'type', 'title', 'body', 'urgency', 'confidentiality', 'state', 'version', 'agencyCode', 'unitCode', 'drafter', 'signer',
  'signingAuthority', 'signatureBlock', 'number', 'issuedAt', 'consultationDeadline', 'signatureDeadline',
  'disseminationDeadline', 'reportDeadline', 'proposedRecipients', 'proposedReportDeadline', 'references', 'campaignId', 'anchors', 'sessionReports', 'closingSummary', 'recalledAt', 'recallReason', 'amends', 'amendKind', 'replacedBy', 'correctedBy', 'workflowId', 'workflowVersion', 'snapshot',
  'lastHash', 'createdAt', 'updatedAt',
];

const selectList = (alias: string, excerpt: boolean) =>
  READ.map((f) => {
    // A list reads one character more than it shows, to know whether it cut.
    if (f === 'body' && excerpt) return `left(${alias}.body, ${EXCERPT_LENGTH + 1}) AS body`;
    return DOCUMENT_COLUMNS[f] === f ? `${alias}.${f}` : `${alias}.${DOCUMENT_COLUMNS[f]} AS "${f}"`;
  }).join(', ');

/**
 * The document's columns with its children; `caller` is the placeholder of
 * the caller's username. A list reads an excerpt of the body (`excerpt`).
 */
export const documentColumns = (caller: string, options: { excerpt?: boolean } = {}) => `
  ${selectList('d', options.excerpt ?? false)},
  COALESCE((SELECT json_agg(json_build_object(
      'agencyCode', c.agency_code, 'unitCode', c.unit_code, 'status', c.status, 'comment', c.comment,
      'answeredAt', c.answered_at, 'answeredBy', c.answered_by, 'onRevision', c.on_revision)
      ORDER BY c.agency_code, c.unit_code)
    FROM consultations c WHERE c.document_id = d.id), '[]') AS consultations,
  COALESCE((SELECT json_agg(json_build_object(
      'idx', r.idx, 'agencyCode', r.agency_code, 'unitCode', r.unit_code, 'externalCode', r.external_code,
      'username', r.username, 'groupCode', r.group_code, 'note', r.note, 'main', r.main, 'purpose', r.purpose,
      'acknowledgedAt', r.acknowledged_at, 'acknowledgedBy', r.acknowledged_by,
      'reportStatus', r.report_status, 'reportContent', r.report_content,
      'reportSubmittedAt', r.report_submitted_at, 'reportSubmittedBy', r.report_submitted_by,
      -- Only a document that asks per-session reports looks for them (lists read many documents).
      'sessionReports', CASE WHEN d.session_reports IS NOT NULL THEN (SELECT json_agg(json_build_object('session', sr.session_code, 'status', sr.status, 'dueAt', sr.due_at,
                             'submittedAt', sr.submitted_at, 'submittedBy', sr.submitted_by, 'content', sr.content) ORDER BY sr.due_at, sr.session_code)
                           FROM session_reports sr WHERE sr.document_id = r.document_id AND sr.recipient_idx = r.idx) END) ORDER BY r.idx)
    FROM recipients r WHERE r.document_id = d.id), '[]') AS recipients,
  -- What corrects or replaces it (SPEC §9): only a numbered document has any.
  CASE WHEN d.number IS NOT NULL THEN COALESCE((SELECT json_agg(json_build_object('documentId', am.id, 'kind', am.amend_kind, 'state', am.state,
      'number', am.number) ORDER BY am.created_at, am.id) FROM documents am WHERE am.amends = d.id), '[]') ELSE '[]' END AS amendments,
  COALESCE(d.signer IN (${delegatorsOf(caller)}), false) AS "signerDelegatedToCaller"`;

/** One document by id ($1) for a caller ($2), with everything the view needs. */
export const SELECT_DOCUMENT = `SELECT ${documentColumns('$2')} FROM documents d WHERE d.id = $1`;
export const SELECT_DOCUMENT_FOR_UPDATE = `${SELECT_DOCUMENT} FOR UPDATE OF d`;

/** json_agg gives PostgreSQL's text for timestamps; the API speaks ISO 8601 in UTC. */
export function iso(v: Date | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

export function toView(row: DocumentRow, availableEvents: string[], options: { excerpt?: boolean } = {}): DocumentView {
  const cut = options.excerpt === true && row.body.length > EXCERPT_LENGTH;
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    body: cut ? `${row.body.slice(0, EXCERPT_LENGTH)}…` : row.body,
    ...(options.excerpt ? { bodyTruncated: cut } : {}),
    urgency: row.urgency,
    confidentiality: row.confidentiality,
    state: row.state,
    version: row.version,
    agencyCode: row.agencyCode,
    unitCode: row.unitCode,
    drafter: row.drafter,
    signer: row.signer,
    signingAuthority: row.signingAuthority,
    number: row.number,
    issuedAt: iso(row.issuedAt),
    signatureBlock: row.signatureBlock,
    consultations: row.consultations.map((c) => ({
      agencyCode: c.agencyCode,
      unitCode: c.unitCode,
      status: c.status,
      comment: c.comment,
      answeredAt: iso(c.answeredAt),
      answeredBy: c.answeredBy,
      onRevision: c.onRevision ?? null,
    })),
    consultationDeadline: iso(row.consultationDeadline),
    signatureDeadline: iso(row.signatureDeadline),
    disseminationDeadline: iso(row.disseminationDeadline),
    recipients: row.recipients.map((r) => ({
      agencyCode: r.agencyCode,
      unitCode: r.unitCode,
      externalCode: r.externalCode,
      username: r.username,
      groupCode: r.groupCode,
      purpose: r.purpose,
      note: r.note,
      main: r.main,
      acknowledgedAt: iso(r.acknowledgedAt),
      report: r.reportStatus
        ? {
            status: r.reportStatus,
            submittedAt: iso(r.reportSubmittedAt),
            submittedBy: r.reportSubmittedBy,
            content: r.reportContent,
          }
        : null,
      ...(r.sessionReports?.length
        ? {
            sessionReports: r.sessionReports.map((x) => ({
              session: x.session,
              status: x.status,
              dueAt: iso(x.dueAt)!,
              submittedAt: iso(x.submittedAt),
              submittedBy: x.submittedBy,
              content: x.content,
            })),
          }
        : {}),
    })),
    reportDeadline: iso(row.reportDeadline),
    proposedRecipients: row.proposedRecipients ?? null,
    proposedReportDeadline: iso(row.proposedReportDeadline),
    references: row.references ?? [],
    campaignId: row.campaignId ?? null,
    anchors: row.anchors ?? {},
    sessionReports: row.sessionReports ?? null,
    closingSummary: row.closingSummary,
    recall: row.recalledAt ? { at: iso(row.recalledAt)!, reason: row.recallReason ?? '' } : null,
    corrects: row.amendKind === 'correction' ? row.amends : null,
    replaces: row.amendKind === 'replacement' ? row.amends : null,
    correctedBy: (row.correctedBy ?? []).map((id) => ({ documentId: id, number: row.amendments?.find((a) => a.documentId === id)?.number ?? null })),
    replacedBy: row.replacedBy ? { documentId: row.replacedBy, number: row.amendments?.find((a) => a.documentId === row.replacedBy)?.number ?? null } : null,
    amendments: row.amendments ?? [],
    workflow: { id: row.workflowId, version: row.workflowVersion },
    availableEvents,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

/** What the policy (libs/domain) reads of a document. */
export function factsOf(doc: DocumentRow): DocumentFacts {
  return {
    state: doc.state,
    agencyCode: doc.agencyCode,
    unitCode: doc.unitCode,
    drafter: doc.drafter,
    signer: doc.signer,
    consultations: doc.consultations,
    recipients: doc.recipients,
    confidentiality: doc.confidentiality,
  };
}

/** The signers who have delegated to the caller now, as far as this document is concerned. */
export function activeDelegators(doc: DocumentRow): ReadonlySet<string> {
  return doc.signerDelegatedToCaller && doc.signer ? new Set([doc.signer]) : new Set();
}

/** Whom the caller acts for: the assigned signer, when someone else signs or returns in their place. */
export function onBehalfOf(doc: DocumentRow, actor: Actor): string | null {
  return doc.signer && doc.signer !== actor.username ? doc.signer : null;
}
