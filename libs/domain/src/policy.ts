import type {
  Actor,
  ClientEventType,
  Confidentiality,
  ConsultationStatus,
  DocumentState,
  Position,
  Purpose,
  ReportStatus,
} from './types';
import { DRAFTING_POSITIONS, SIGNER_POSITIONS, isHeadPosition, isLeaderPosition } from './types';

/**
 * Who may do what to a document (SPEC §2 table, §3 visibility). Pure: the
 * caller loads the facts; nothing here reads a database.
 */
export interface ConsultationFact {
  agencyCode: string;
  unitCode: string;
  status: ConsultationStatus;
}

export interface RecipientFact {
  /** Null for an external body. */
  agencyCode: string | null;
  unitCode: string | null;
  /** A body outside examflow: the issuing agency's clerk records its acknowledgement and report. */
  externalCode?: string | null;
  /** A person: only they act for it. */
  username?: string | null;
  purpose: Purpose;
  acknowledgedAt: string | null;
  reportStatus: ReportStatus | null;
}

export interface DocumentFacts {
  state: DocumentState;
  agencyCode: string;
  unitCode: string;
  drafter: string;
  signer: string | null;
  consultations: ConsultationFact[];
  recipients: RecipientFact[];
  /** Above `normal`, reading narrows to the people named on it (SPEC §9); absent: normal. */
  confidentiality?: Confidentiality;
}

/** Delegations in force for the caller right now: the usernames they may sign for. */
export type ActiveDelegators = ReadonlySet<string>;

/** The posts that sign (a unit's leaders by order or authorisation, TL / TUQ). */
const SIGNING_POSITIONS: ReadonlySet<Position> = new Set(SIGNER_POSITIONS);

export function isLeader(actor: Pick<Actor, 'position'>): boolean {
  return isLeaderPosition(actor.position);
}

/** A leader or a clerk of their agency: they see all of its documents and what arrives at it. */
export function isLeaderOrClerk(actor: Pick<Actor, 'position'>): boolean {
  return isLeader(actor) || actor.position === 'clerk';
}

/** Officers, unit heads and their deputies of the drafting unit, and the drafter. */
export function isOfDraftingUnit(doc: DocumentFacts, actor: Actor): boolean {
  // Authority is checked when it is used, not only when given: the drafter stays the drafter after moving to
  // another unit of the agency, but not to another agency, nor once no longer an officer or a unit head.
  if (!DRAFTING_POSITIONS.includes(actor.position)) return false;
  if (actor.agencyCode !== doc.agencyCode) return false;
  return actor.username === doc.drafter || actor.unitCode === doc.unitCode;
}

/** Whether the actor acts for a recipient: the person named, else a user of the agency or of the unit named. */
export function recipientCovers(r: RecipientFact, actor: Actor): boolean {
  if (r.externalCode) return false;
  if (r.username) return r.username === actor.username;
  if (r.agencyCode !== actor.agencyCode) return false;
  return r.unitCode === null || r.unitCode === actor.unitCode;
}

/**
 * Whether the actor receives a delivery for their agency: its clerk (văn thư) takes in what is sent to the
 * agency and to its units alike (Nghị định 30 Điều 21), and acknowledges it; a person's is their own.
 */
export function clerkReceives(r: RecipientFact, actor: Actor): boolean {
  return actor.position === 'clerk' && toActorsAgency(r, actor);
}

/** A delivery to the actor's agency as a whole or to one of its units (not to a person, not outside examflow). */
function toActorsAgency(r: RecipientFact, actor: Actor): boolean {
  return !r.externalCode && !r.username && r.agencyCode === actor.agencyCode;
}

/** The external recipients whose acknowledgement and report the actor records: a clerk of the issuing agency. */
export function externalRecipientsFor(doc: DocumentFacts, actor: Actor): RecipientFact[] {
  if (actor.position !== 'clerk' || actor.agencyCode !== doc.agencyCode) return [];
  return doc.recipients.filter((r) => !!r.externalCode);
}

/** The consultation the actor may answer for, if any. */
export function pendingConsultationOf(doc: DocumentFacts, actor: Actor): ConsultationFact | undefined {
  if (!DRAFTING_POSITIONS.includes(actor.position)) return undefined;
  return doc.consultations.find(
    (c) => c.status === 'pending' && c.agencyCode === actor.agencyCode && c.unitCode === actor.unitCode,
  );
}

/** The report obligations the actor may fulfil. */
export function pendingReportsOf(doc: DocumentFacts, actor: Actor): RecipientFact[] {
  return doc.recipients.filter(
    (r) => r.purpose === 'implement' && r.reportStatus === 'pending' && recipientCovers(r, actor),
  );
}

export function unacknowledgedOf(doc: DocumentFacts, actor: Actor): RecipientFact[] {
  return doc.recipients.filter((r) => r.acknowledgedAt === null && (recipientCovers(r, actor) || clerkReceives(r, actor)));
}

/**
 * Kiểm tra trước khi ký (Nghị định 30 Điều 12.1): the head of the drafting unit, in post in its agency,
 * reviews a document before it goes to the signer.
 */
export function isReviewer(doc: DocumentFacts, actor: Actor): boolean {
  return actor.position === 'unit_head' && actor.agencyCode === doc.agencyCode && actor.unitCode === doc.unitCode;
}

/**
 * Whether a submission for signature waits for the unit head's review (workflows version 2): yes, unless
 * the one who submits is a head of the drafting unit, or the unit has no head to review it.
 */
export function submissionNeedsReview(doc: DocumentFacts, actor: Actor, unitHasHead: boolean): boolean {
  return unitHasHead && !isReviewer(doc, actor);
}

/** The signer, or someone the signer has delegated to for this moment. */
export function mayActAsSigner(doc: DocumentFacts, actor: Actor, delegators: ActiveDelegators): boolean {
  if (!doc.signer) return false;
  return actor.username === doc.signer || delegators.has(doc.signer);
}

/** Whether the actor may send this event, ignoring the state (the machine decides that). */
export function mayAttempt(
  event: ClientEventType,
  doc: DocumentFacts,
  actor: Actor,
  delegators: ActiveDelegators,
): boolean {
  switch (event) {
    case 'SUBMIT_FOR_CONSULTATION':
    case 'REVISE':
    case 'SUBMIT_FOR_SIGNATURE':
    case 'CLOSE':
      return isOfDraftingUnit(doc, actor);
    case 'WITHDRAW':
      return (
        isOfDraftingUnit(doc, actor) && (actor.username === doc.drafter || actor.position === 'unit_head')
      );
    case 'GIVE_OPINION':
      return pendingConsultationOf(doc, actor) !== undefined;
    case 'SIGN':
      // Nobody signs what they drafted, and a signature needs a leader's post in the issuing agency now
      // (a delegate moved elsewhere, or a signer no longer a leader, signs nothing).
      return (
        mayActAsSigner(doc, actor, delegators) &&
        actor.username !== doc.drafter &&
        actor.agencyCode === doc.agencyCode &&
        SIGNING_POSITIONS.has(actor.position)
      );
    case 'APPROVE_REVIEW':
      return isReviewer(doc, actor);
    case 'RETURN':
      // Under review the unit head returns it; awaiting signature, the signer or their delegate.
      if (doc.state === 'awaiting_review') return isReviewer(doc, actor);
      return mayActAsSigner(doc, actor, delegators) && actor.agencyCode === doc.agencyCode;
    case 'DISSEMINATE':
      return actor.position === 'clerk' && actor.agencyCode === doc.agencyCode;
    case 'RECALL':
      // Thu hồi (Điều 18.4): the issuing agency's head, or the one named to sign it, still of that agency.
      return actor.agencyCode === doc.agencyCode && (isHeadPosition(actor.position) || actor.username === doc.signer);
    case 'CORRECT':
    case 'REPLACE':
      // The linked draft is the drafting unit's to write (Điều 18.3).
      return isOfDraftingUnit(doc, actor);
    case 'ACKNOWLEDGE':
      // Any user of a recipient (the issuing clerk for an external one); acknowledging twice is a conflict,
      // not a lack of right.
      return (
        doc.recipients.some((r) => recipientCovers(r, actor) || clerkReceives(r, actor)) || externalRecipientsFor(doc, actor).length > 0
      );
    case 'SUBMIT_REPORT':
      return (
        pendingReportsOf(doc, actor).length > 0 ||
        externalRecipientsFor(doc, actor).some((r) => r.purpose === 'implement' && r.reportStatus === 'pending')
      );
  }
}

export type FileKind = 'draft' | 'annex' | 'report';

/** The states in which a file of that kind may be added (SPEC §6): drafts and annexes until signature. */
export const FILE_STATES: Readonly<Record<FileKind, readonly DocumentState[]>> = {
  draft: ['draft', 'consulting', 'consulted'],
  annex: ['draft', 'consulting', 'consulted'],
  report: ['disseminated'],
};

/**
 * Whether the actor may add a file of `kind` (the state aside: FILE_STATES):
 * the drafting unit its drafts and annexes, a recipient that owes a report
 * the file of that report.
 */
export function mayAddFile(kind: FileKind, doc: DocumentFacts, actor: Actor): boolean {
  return kind === 'report' ? pendingReportsOf(doc, actor).length > 0 : isOfDraftingUnit(doc, actor);
}

/** Only the drafting unit removes a file, and only while the document is a draft. */
export function mayRemoveFile(doc: DocumentFacts, actor: Actor): boolean {
  return isOfDraftingUnit(doc, actor);
}

/**
 * Whether to offer the event to the actor (availableEvents): what they may
 * attempt, less what would only be refused as already done.
 */
export function mayOffer(
  event: ClientEventType,
  doc: DocumentFacts,
  actor: Actor,
  delegators: ActiveDelegators,
): boolean {
  if (!mayAttempt(event, doc, actor, delegators)) return false;
  return (
    event !== 'ACKNOWLEDGE' ||
    unacknowledgedOf(doc, actor).length > 0 ||
    externalRecipientsFor(doc, actor).some((r) => r.acknowledgedAt === null)
  );
}

export function isSecret(doc: Pick<DocumentFacts, 'confidentiality'>): boolean {
  return !!doc.confidentiality && doc.confidentiality !== 'normal';
}

/** A head or deputy head of the unit: who reads a secret document for a unit it is sent to or consulted. */
function leadsUnit(actor: Actor, agencyCode: string | null, unitCode: string | null): boolean {
  return (actor.position === 'unit_head' || actor.position === 'deputy_unit_head') && actor.agencyCode === agencyCode && actor.unitCode === unitCode;
}

/**
 * A secret document (SPEC §9): only the people named on it and the agency's leaders — its drafter, its
 * signer and their delegate, the drafting unit's head who reviews it, the heads of the units consulted or
 * sent it, a person it is sent to, the desk (leaders, clerks) of an agency it or one of its units is sent
 * to, and the issuing agency's clerks once it is signed, to number and send it. Not the drafting unit's officers, not an
 * administrator.
 */
function mayReadSecret(doc: DocumentFacts, actor: Actor, delegators: ActiveDelegators): boolean {
  if (actor.agencyCode === doc.agencyCode) {
    if (isLeader(actor)) return true;
    if (actor.position === 'clerk' && (doc.state === 'signed' || doc.state === 'disseminated' || doc.state === 'reported' || doc.state === 'recalled')) return true;
    if (actor.position === 'unit_head' && actor.unitCode === doc.unitCode) return true;
  }
  if (actor.username === doc.drafter || mayActAsSigner(doc, actor, delegators)) return true;
  if (doc.consultations.some((c) => leadsUnit(actor, c.agencyCode, c.unitCode))) return true;
  // An agency's desk takes in what is sent to it and to its units (Điều 21): its leaders and clerks read it.
  return doc.recipients.some((r) => {
    if (r.externalCode) return false;
    if (r.username) return r.username === actor.username;
    if (r.agencyCode !== actor.agencyCode) return false;
    return isLeaderOrClerk(actor) || (r.unitCode !== null && leadsUnit(actor, r.agencyCode, r.unitCode));
  });
}

/** SPEC §3: involved users, leaders and clerks of the agency, admin; a secret document, fewer (SPEC §9). */
export function mayRead(doc: DocumentFacts, actor: Actor, delegators: ActiveDelegators): boolean {
  if (isSecret(doc)) return mayReadSecret(doc, actor, delegators);
  if (actor.position === 'admin') return true;
  if (actor.agencyCode === doc.agencyCode) {
    if (isLeader(actor) || actor.position === 'clerk') return true;
    if (actor.unitCode === doc.unitCode) return true;
  }
  if (actor.username === doc.drafter || mayActAsSigner(doc, actor, delegators)) return true;
  if (doc.consultations.some((c) => c.agencyCode === actor.agencyCode && c.unitCode === actor.unitCode)) return true;
  // A recipient reads it; so do the leaders and clerks of a recipient agency, whichever of its units it went to.
  return doc.recipients.some(
    (r) => recipientCovers(r, actor) || ((isLeader(actor) || actor.position === 'clerk') && toActorsAgency(r, actor)),
  );
}
