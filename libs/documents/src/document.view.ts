import type { ConsultationView, DocumentView, Purpose, ReportStatus } from '../../domain/src';
import type { PersistedDocumentSnapshot } from '../../../workflows';
import { delegationInForce } from '../../persistence/src/sql';

/** The answers' shapes live in libs/domain (shared with the web app). */
export type { ConsultationView, DocumentView };

/** The moments of a document: ISO strings in the answer, Dates in the row. */
type Moments = 'issuedAt' | 'consultationDeadline' | 'signatureDeadline' | 'disseminationDeadline' | 'reportDeadline' | 'createdAt' | 'updatedAt';

/**
 * A document row as the service loads it, with its consultations and
 * recipients: the answer's fields, with Dates, the workflow's snapshot and
 * hash, and the recipients as stored.
 */
export interface DocumentRow extends Omit<DocumentView, Moments | 'recipients' | 'workflow' | 'availableEvents'> {
  issuedAt: Date | null;
  consultationDeadline: Date | null;
  signatureDeadline: Date | null;
  disseminationDeadline: Date | null;
  reportDeadline: Date | null;
  createdAt: Date;
  updatedAt: Date;
  workflowId: string;
  workflowVersion: number;
  snapshot: PersistedDocumentSnapshot;
  lastHash: string;
  recipients: Array<{
    idx: number;
    agencyCode: string;
    unitCode: string | null;
    purpose: Purpose;
    acknowledgedAt: string | null;
    acknowledgedBy: string | null;
    reportStatus: ReportStatus | null;
    reportContent: string | null;
    reportSubmittedAt: string | null;
    reportSubmittedBy: string | null;
  }>;
  /** Whether the signer has delegated to the caller for this moment. */
  signerDelegatedToCaller: boolean;
}

/** The document's columns with its children; `caller` is the placeholder of the caller's username. */
export const documentColumns = (caller: string) => `
  d.id, d.type, d.title, d.body, d.urgency, d.state, d.version,
  d.agency_code AS "agencyCode", d.unit_code AS "unitCode", d.drafter, d.signer,
  d.signing_authority AS "signingAuthority", d.signature_block AS "signatureBlock", d.number,
  d.issued_at AS "issuedAt", d.consultation_deadline AS "consultationDeadline",
  d.signature_deadline AS "signatureDeadline", d.dissemination_deadline AS "disseminationDeadline",
  d.report_deadline AS "reportDeadline", d.closing_summary AS "closingSummary",
  d.workflow_id AS "workflowId", d.workflow_version AS "workflowVersion", d.snapshot,
  d.last_hash AS "lastHash", d.created_at AS "createdAt", d.updated_at AS "updatedAt",
  COALESCE((SELECT json_agg(json_build_object(
      'agencyCode', c.agency_code, 'unitCode', c.unit_code, 'status', c.status, 'comment', c.comment,
      'answeredAt', c.answered_at, 'answeredBy', c.answered_by) ORDER BY c.agency_code, c.unit_code)
    FROM consultations c WHERE c.document_id = d.id), '[]') AS consultations,
  COALESCE((SELECT json_agg(json_build_object(
      'idx', r.idx, 'agencyCode', r.agency_code, 'unitCode', r.unit_code, 'purpose', r.purpose,
      'acknowledgedAt', r.acknowledged_at, 'acknowledgedBy', r.acknowledged_by,
      'reportStatus', r.report_status, 'reportContent', r.report_content,
      'reportSubmittedAt', r.report_submitted_at, 'reportSubmittedBy', r.report_submitted_by) ORDER BY r.idx)
    FROM recipients r WHERE r.document_id = d.id), '[]') AS recipients,
  EXISTS (SELECT 1 FROM delegations g
           WHERE g.delegate = ${caller} AND g.delegator = d.signer AND ${delegationInForce('g')}) AS "signerDelegatedToCaller"`;

/** One document by id ($1) for a caller ($2), with everything the view needs. */
export const SELECT_DOCUMENT = `SELECT ${documentColumns('$2')} FROM documents d WHERE d.id = $1`;
export const SELECT_DOCUMENT_FOR_UPDATE = `${SELECT_DOCUMENT} FOR UPDATE OF d`;
/** For lists: the caller is $1; the WHERE clause is appended. */
export const SELECT_DOCUMENTS = `SELECT ${documentColumns('$1')} FROM documents d`;

/** json_agg gives PostgreSQL's text for timestamps; the API speaks ISO 8601 in UTC. */
export function iso(v: Date | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

export function toView(row: DocumentRow, availableEvents: string[]): DocumentView {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    body: row.body,
    urgency: row.urgency,
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
    })),
    consultationDeadline: iso(row.consultationDeadline),
    signatureDeadline: iso(row.signatureDeadline),
    disseminationDeadline: iso(row.disseminationDeadline),
    recipients: row.recipients.map((r) => ({
      agencyCode: r.agencyCode,
      unitCode: r.unitCode,
      purpose: r.purpose,
      acknowledgedAt: iso(r.acknowledgedAt),
      report: r.reportStatus
        ? {
            status: r.reportStatus,
            submittedAt: iso(r.reportSubmittedAt),
            submittedBy: r.reportSubmittedBy,
            content: r.reportContent,
          }
        : null,
    })),
    reportDeadline: iso(row.reportDeadline),
    closingSummary: row.closingSummary,
    workflow: { id: row.workflowId, version: row.workflowVersion },
    availableEvents,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}
