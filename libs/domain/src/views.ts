import type { BoardCell, BoardCounts } from './board';
import type { AnchoredDeadline } from './anchors';
/**
 * The API's answers (SPEC §3) as the client reads them: times are ISO 8601
 * strings, no internals. Pure types, shared by the server, which builds
 * them, and the web app, which reads them, so that the two cannot drift.
 */
import type {
  AgencyLevel,
  Confidentiality,
  ConsultationStatus,
  DocumentState,
  DocumentType,
  Position,
  Purpose,
  ReportStatus,
  SigningAuthority,
  Urgency,
  GroupMember,
  IncomingEventType,
  IncomingState,
} from './types';

/** A consulted unit and its answer. */
export interface ConsultationView {
  agencyCode: string;
  unitCode: string;
  status: ConsultationStatus;
  comment: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
  /** The draft revision (dự thảo lần N) the unit answered on; null when the document had no draft file. */
  onRevision: number | null;
}

/**
 * A recipient as Nơi nhận writes it (SPEC §7): exactly one of an agency (`agencyCode`, `unitCode` null), a
 * unit (`unitCode` with its `agencyCode`), an external body (`externalCode`), a group (`groupCode`) or a
 * person (`username`, with their agency), for a purpose; `note` printed after the name, `main` for Kính gửi.
 */
export interface ProposedRecipient {
  agencyCode: string | null;
  unitCode: string | null;
  externalCode?: string | null;
  groupCode?: string | null;
  username?: string | null;
  purpose: Purpose;
  note?: string | null;
  main?: boolean;
}

/**
 * A recipient of a disseminated document, with its acknowledgement and report: one delivery (a group's
 * members each have their own, with `groupCode` naming the group they came through).
 */
export interface RecipientView {
  agencyCode: string | null;
  unitCode: string | null;
  externalCode: string | null;
  username: string | null;
  groupCode: string | null;
  purpose: Purpose;
  note: string | null;
  main: boolean;
  acknowledgedAt: string | null;
  report: { status: ReportStatus; submittedAt: string | null; submittedBy: string | null; content: string | null } | null;
  /**
   * Per-session reports it owes (SPEC §8, báo cáo nhanh mỗi buổi thi), earliest first; absent when none. `report`
   * is then its obligations as a whole: pending until every one is in.
   */
  sessionReports?: Array<{ session: string; status: ReportStatus; dueAt: string; submittedAt: string | null; submittedBy: string | null; content: string | null }>;
}

/** How much of the body a list item carries. */
export const EXCERPT_LENGTH = 300;

/** A document, as GET /api/documents/:id and every event answer give it. */
export interface DocumentView {
  id: string;
  type: DocumentType;
  title: string;
  /** The whole text; in a list, its first EXCERPT_LENGTH characters (then `bodyTruncated` is true). */
  body: string;
  /** In a list answer: the body was cut to an excerpt (GET /api/documents/:id gives it whole). */
  bodyTruncated?: boolean;
  urgency: Urgency;
  /** Độ mật (SPEC §9): above `normal`, only the people named on it and the agency's leaders see it. */
  confidentiality: Confidentiality;
  state: DocumentState;
  version: number;
  agencyCode: string;
  unitCode: string;
  drafter: string;
  signer: string | null;
  signingAuthority: SigningAuthority | null;
  number: string | null;
  issuedAt: string | null;
  signatureBlock: string | null;
  consultations: ConsultationView[];
  consultationDeadline: string | null;
  signatureDeadline: string | null;
  disseminationDeadline: string | null;
  recipients: RecipientView[];
  reportDeadline: string | null;
  /** Nơi nhận as proposed before signature (SPEC §7): what the signed PDF prints, and DISSEMINATE sends to. */
  proposedRecipients: ProposedRecipient[] | null;
  proposedReportDeadline: string | null;
  /** Căn cứ / the letters it answers (SPEC §9): examflow documents by id, or others by number, date and title. */
  references: DocumentReference[];
  /** The exam campaign it belongs to (SPEC §8), or null. */
  campaignId: string | null;
  /**
   * How each deadline given against the campaign was given (SPEC §8), by field: `{ consultationDeadline: { anchor:
   * 'firstSession', workingDays: -20 } }`; the field itself holds the moment it resolved to.
   */
  anchors: Record<string, AnchoredDeadline>;
  /** Per-session reports asked by DISSEMINATE (SPEC §8): each due `hours` after its session ends; null when none. */
  sessionReports: { hours: number } | null;
  closingSummary: string | null;
  /** Thu hồi (SPEC §9, Nghị định 30 Điều 18.4): when and why; null unless recalled. */
  recall: { at: string; reason: string } | null;
  /** A draft that corrects (công văn đính chính) or replaces another (Điều 18.3): the original's id. */
  corrects: string | null;
  replaces: string | null;
  /** Once each was disseminated: the corrections of this document, and the document that replaced it. */
  correctedBy: AmendmentRef[];
  replacedBy: AmendmentRef | null;
  /** Every document that corrects or replaces this one, drafts too, with where it stands. */
  amendments: Array<AmendmentRef & { kind: AmendKind; state: DocumentState }>;
  workflow: { id: string; version: number };
  availableEvents: string[];
  createdAt: string;
  updatedAt: string;
}

export type AmendKind = 'correction' | 'replacement';
export interface AmendmentRef {
  documentId: string;
  number: string | null;
}

/** A transition in a document's history, oldest first; `hash` chains it to `prevHash`. */
export interface HistoryEntryView {
  seq: number;
  event: string;
  from: string | null;
  to: string;
  actor: string;
  onBehalfOf: string | null;
  at: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

/** Something the caller owes now (GET /api/tasks). */
export interface TaskView {
  /** On a document; or on an incoming item (văn bản đến): to register, to assign, to work on. */
  kind: 'opinion' | 'review' | 'signature' | 'dissemination' | 'report' | 'incoming_register' | 'incoming_assign' | 'incoming_work';
  /** The document (an incoming item's source, when it came from examflow; else null). */
  documentId: string | null;
  /** The incoming item, for the incoming kinds. */
  incomingId?: string;
  type: DocumentType;
  title: string;
  number: string | null;
  urgency: Urgency;
  /** The document's độ mật (an incoming item's source's; normal for one from outside). */
  confidentiality?: Confidentiality;
  /** A document's state, or an incoming item's. */
  state: DocumentState | IncomingState;
  deadline: string | null;
  overdue: boolean;
  /** For a signature owed through a delegation: the leader the caller signs for. */
  onBehalfOf: string | null;
  /** For a per-session report (SPEC §8): the session it is for. */
  session?: string;
}

/** A signing-queue entry: what a leader needs to decide, without the body and the consultation details. */
export interface QueueItem
  extends Pick<
    DocumentView,
    | 'id' | 'type' | 'title' | 'urgency' | 'state' | 'version' | 'agencyCode' | 'unitCode' | 'drafter'
    | 'signingAuthority' | 'signatureDeadline' | 'availableEvents' | 'workflow' | 'createdAt' | 'updatedAt'
  > {
  signer: string;
  /** Milliseconds to the signature deadline; negative when overdue. */
  timeLeftMs: number | null;
  overdue: boolean;
  /** Set when the caller signs it as a delegate of this leader. */
  onBehalfOf: string | null;
}

/** One document of POST /api/signing-queue/sign. */
export interface BatchResult {
  id: string;
  status: number;
  number?: string;
  message?: string;
}

export type NotificationKind = 'reminder' | 'escalation' | 'assignment' | 'info';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  documentId: string | null;
  /** The incoming item (văn bản đến) it is about, when it is one's deadline. */
  incomingId: string | null;
  stage: string | null;
  dueAt: string | null;
  createdAt: string;
  readAt: string | null;
  message: string;
}

/** A user as GET /api/org, GET /api/me and the login answer show them (never a password). */
export interface UserView {
  username: string;
  fullName: string;
  agencyCode: string | null;
  unitCode: string | null;
  position: Position;
  title: string;
  /** Shown to administrators and to the user themself; null for everyone else. */
  email: string | null;
  /** Disabled: cannot log in (administrators see it; SPEC-wise optional). */
  disabled?: boolean;
  /** GET /api/me and the login answer: an administrator set the password, the user is asked to choose their own. */
  mustChangePassword?: boolean;
}

export interface OrgView {
  agencies: Array<{ code: string; name: string; level: AgencyLevel; parentName: string | null; place: string | null; symbol: string; collectiveName: string | null }>;
  units: Array<{ code: string; agencyCode: string; name: string; symbol: string; supervisor: string | null }>;
  users: UserView[];
  /** Bodies outside examflow (SPEC §7); their e-mail shown to admins only. */
  externals: Array<{ code: string; name: string; email: string | null }>;
  groups: Array<{ code: string; name: string; members: GroupMember[] }>;
}

/** An exam campaign (SPEC §8) with its sessions, earliest first. */
export interface CampaignView {
  id: string;
  code: string;
  name: string;
  year: number;
  version: number;
  sessions: Array<{ code: string; name: string; startsAt: string; endsAt: string }>;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A written authorisation to sign "TUQ." (Nghị định 30 Điều 13.3). */
export interface SigningAuthorisationView {
  id: string;
  agencyCode: string;
  /** The head who gave it. */
  by: string;
  /** The unit head who signs under it. */
  to: string;
  /** The number of the document that gave it ("15/GUQ-BGDĐT"): kept, printed nowhere. */
  reference: string;
  types: DocumentType[];
  from: string;
  until: string;
  createdAt: string;
  revokedAt: string | null;
  active: boolean;
}

export interface DelegationView {
  id: string;
  /** The delegator (only shown to admins, who see everyone's). */
  by: string;
  to: string;
  from: string;
  until: string;
  createdAt: string;
  revokedAt: string | null;
  /** In force now. */
  active: boolean;
}

/** Who is late on what, per unit (null: the agency's leadership or the whole agency). */
export interface OverdueByUnit {
  agencyCode: string;
  unitCode: string | null;
  unitName: string | null;
  count: number;
}

export interface OverdueByAgency {
  agencyCode: string;
  agencyName: string;
  count: number;
}

/** The leaders' overview: documents per state and the items owed past their deadline. */
export interface Overview {
  generatedAt: string;
  byState: Record<DocumentState, number>;
  overdue: { total: number; byUnit: OverdueByUnit[]; byAgency: OverdueByAgency[] };
}

/** A workflow version as GET /api/workflows serialises its XState definition. */
export interface WorkflowView {
  id: string;
  version: number;
  /** What it is the lifecycle of: a document of a type, or an incoming item (văn bản đến). */
  subject: 'document' | 'incoming';
  /** The document type; null for the incoming items' workflow. */
  documentType: DocumentType | null;
  name: string;
  initial: string;
  /** Each state: whether it is final, and for each event it accepts, the states it may lead to. */
  states: Record<string, { final: boolean; on: Record<string, string[]> }>;
}

/** A document a document cites or answers: an examflow document (its id, number, date and title as issued), or one from outside. */
export interface DocumentReference {
  documentId: string | null;
  number: string;
  issuedAt: string | null;
  title: string;
}

/** A file of an incoming item: as a document's, without kind or revision. */
export type IncomingFileView = Omit<FileView, 'kind' | 'revision'>;

/** A file of a document (SPEC §6): a draft revision, an annex, or a report's file. */
export interface FileView {
  id: string;
  /** As the uploader named it. */
  name: string;
  size: number;
  /** Sniffed from the bytes. */
  contentType: string;
  sha256: string;
  kind: 'draft' | 'annex' | 'report';
  /** Dự thảo lần N for a draft; null for the other kinds. */
  revision: number | null;
  uploadedBy: string;
  uploadedAt: string;
}


/** An incoming item as the API gives it (SPEC §7). */
export interface IncomingView {
  id: string;
  agencyCode: string;
  /** The examflow document it came from (null for what came from outside) and what it owes this agency. */
  sourceDocumentId: string | null;
  source: { state: string; acknowledgedAt: string | null; reportStatus: string | null } | null;
  sender: string;
  number: string | null;
  issuedAt: string | null;
  type: string;
  title: string;
  urgency: Urgency;
  state: IncomingState;
  version: number;
  receivedAt: string;
  /** By when the clerk must register it (end of the working day it arrived; urgent: URGENT_REGISTRATION after). */
  registrationDeadline: string | null;
  /** Số đến, once registered. */
  incomingNumber: number | null;
  incomingYear: number | null;
  registeredAt: string | null;
  registeredBy: string | null;
  assignment: {
    lead: string;
    cooperating: string[];
    info: string[];
    deadline: string | null;
    instruction: string | null;
    assignedBy: string;
    assignedAt: string;
  } | null;
  /** The unit leader's step (Phụ lục IV VII mục 2): the person of the lead unit who handles it, and by when. */
  handler: { username: string; deadline: string | null; assignedBy: string; assignedAt: string } | null;
  summary: string | null;
  completedAt: string | null;
  completedBy: string | null;
  returnReason: string | null;
  /** How the processing deadline (`assignment.deadline`) was given when against the exam (SPEC §8): `{ deadline: { anchor, … } }`. */
  anchors: Record<string, AnchoredDeadline>;
  /**
   * The agency's numbered documents that answer it (their `references` cite it) and the caller may read:
   * the follow-up register's "Số ký hiệu văn bản trả lời". In GET /api/incoming/:id.
   */
  answeredBy?: Array<{ documentId: string; number: string }>;
  /** Its files, oldest first (the scan of what came on paper, the unit's working files): in GET /api/incoming/:id. */
  files?: IncomingFileView[];
  availableEvents: IncomingEventType[];
  createdAt: string;
  updatedAt: string;
}


/** GET /api/campaigns/:id/board (SPEC §8): every document of the campaign that has report obligations, as a grid. */
export interface BoardView {
  campaign: Pick<CampaignView, 'id' | 'code' | 'name' | 'year' | 'sessions'>;
  /** When the statuses were read: `late` is against this moment. */
  at: string;
  documents: BoardDocument[];
  /** Over every document shown. */
  counts: BoardCounts;
  /** Over every document shown, per session (its code; '' for the reports by reportDeadline). */
  countsBySession: Record<string, BoardCounts>;
  /** Over every document shown, per recipient agency (a Sở), units of it and people in it included. */
  countsByAgency: Record<string, BoardCounts>;
}

export interface BoardDocument {
  id: string;
  number: string | null;
  title: string;
  agencyCode: string;
  state: DocumentState;
  /** The columns, in session order: the sessions it asks a report for, then '' for the report by reportDeadline when it asks one. */
  columns: string[];
  rows: BoardRow[];
  /** Per column (session code, '' for the report by reportDeadline). */
  countsByColumn: Record<string, BoardCounts>;
  counts: BoardCounts;
}

/** One implementing recipient (a Sở, a unit, a person, an external body) and its cells by column. */
export interface BoardRow {
  idx: number;
  agencyCode: string | null;
  unitCode: string | null;
  externalCode: string | null;
  username: string | null;
  name: string;
  cells: Record<string, BoardCell>;
  counts: BoardCounts;
}
