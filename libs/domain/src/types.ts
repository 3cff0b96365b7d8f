/**
 * The vocabulary of SPEC §2, as constants the rest of the code refers to.
 * Pure (no imports): the web app (apps/web) bundles it too.
 */

/**
 * Every type of administrative document of Nghị định 30/2020/NĐ-CP (Điều 7,
 * Phụ lục III) with its abbreviation, its name, the group the web app's
 * picker shows it in, and whether it must be consulted on before it goes to
 * signature (SPEC §9). A Công văn has no abbreviation in its number. Copies
 * (bản sao y, trích sao, sao lục) are not documents of their own here.
 */
export const DOCUMENT_TYPE_CATALOGUE = [
  { code: 'NQ', name: 'Nghị quyết', group: 'decision', consultation: true },
  { code: 'QĐ', name: 'Quyết định', group: 'decision', consultation: true },
  { code: 'CT', name: 'Chỉ thị', group: 'decision', consultation: true },
  { code: 'QC', name: 'Quy chế', group: 'decision', consultation: true },
  { code: 'QyĐ', name: 'Quy định', group: 'decision', consultation: true },
  { code: 'HD', name: 'Hướng dẫn', group: 'decision', consultation: true },
  { code: 'KH', name: 'Kế hoạch', group: 'plan', consultation: true },
  { code: 'CTr', name: 'Chương trình', group: 'plan', consultation: true },
  { code: 'PA', name: 'Phương án', group: 'plan', consultation: true },
  { code: 'ĐA', name: 'Đề án', group: 'plan', consultation: true },
  { code: 'DA', name: 'Dự án', group: 'plan', consultation: true },
  { code: 'TB', name: 'Thông báo', group: 'report', consultation: true },
  { code: 'TC', name: 'Thông cáo', group: 'report', consultation: true },
  { code: 'BC', name: 'Báo cáo', group: 'report', consultation: true },
  { code: 'TTr', name: 'Tờ trình', group: 'report', consultation: true },
  { code: 'BB', name: 'Biên bản', group: 'report', consultation: false },
  { code: 'CV', name: 'Công văn', group: 'letter', consultation: false },
  { code: 'CĐ', name: 'Công điện', group: 'letter', consultation: false },
  { code: 'HĐ', name: 'Hợp đồng', group: 'agreement', consultation: true },
  { code: 'BGN', name: 'Bản ghi nhớ', group: 'agreement', consultation: true },
  { code: 'BTT', name: 'Bản thỏa thuận', group: 'agreement', consultation: true },
  { code: 'GM', name: 'Giấy mời', group: 'paper', consultation: false },
  { code: 'GGT', name: 'Giấy giới thiệu', group: 'paper', consultation: false },
  { code: 'GUQ', name: 'Giấy ủy quyền', group: 'paper', consultation: false },
  { code: 'GNP', name: 'Giấy nghỉ phép', group: 'paper', consultation: false },
  { code: 'PG', name: 'Phiếu gửi', group: 'paper', consultation: false },
  { code: 'PC', name: 'Phiếu chuyển', group: 'paper', consultation: false },
  { code: 'PB', name: 'Phiếu báo', group: 'paper', consultation: false },
] as const;

export type DocumentType = (typeof DOCUMENT_TYPE_CATALOGUE)[number]['code'];
export const DOCUMENT_TYPES: readonly DocumentType[] = DOCUMENT_TYPE_CATALOGUE.map((t) => t.code);

/** Their names (Nghị định 30/2020/NĐ-CP, Phụ lục III). */
export const DOCUMENT_TYPE_NAMES = Object.fromEntries(DOCUMENT_TYPE_CATALOGUE.map((t) => [t.code, t.name])) as Record<DocumentType, string>;

export type DocumentTypeGroup = (typeof DOCUMENT_TYPE_CATALOGUE)[number]['group'];

/** How the web app's type picker groups them. */
export const DOCUMENT_TYPE_GROUP_NAMES: Record<DocumentTypeGroup, string> = {
  decision: 'Quyết định, chỉ đạo, quy định',
  plan: 'Kế hoạch, chương trình, đề án',
  report: 'Thông báo, báo cáo, tờ trình',
  letter: 'Công văn, công điện',
  agreement: 'Hợp đồng, thỏa thuận',
  paper: 'Giấy, phiếu',
};

/** Whether the type must be consulted on before it goes to signature. */
export function consultationRequired(type: DocumentType): boolean {
  return DOCUMENT_TYPE_CATALOGUE.find((t) => t.code === type)?.consultation ?? true;
}

/**
 * Độ mật (SPEC §9, Nghị định 30 Điều 15.2, Phụ lục I III.2a): a document above `normal` takes its
 * number from the agency's series of secret documents, is seen only by the people named on it and the
 * agency's leaders, and is never e-mailed.
 */
export const CONFIDENTIALITIES = ['normal', 'confidential', 'secret', 'top_secret'] as const;
export type Confidentiality = (typeof CONFIDENTIALITIES)[number];
/** The mark as stamped (ô 10a). */
export const CONFIDENTIALITY_MARK: Record<Confidentiality, string | null> = { normal: null, confidential: 'MẬT', secret: 'TỐI MẬT', top_secret: 'TUYỆT MẬT' };
/** The number series a document takes (Điều 15.2: "Văn bản mật được cấp hệ thống số riêng"). */
export function numberSeries(c: Confidentiality): '' | 'mật' {
  return c === 'normal' ? '' : 'mật';
}

export const URGENCIES = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * Posts (SPEC §2, §9): an `acting_head` (Quyền Giám đốc) holds the head's post and signs "Q."; a
 * `deputy_unit_head` (Phó Cục trưởng, Phó Trưởng phòng) drafts as an officer and signs "TL. … / KT. …".
 */
export const POSITIONS = ['officer', 'deputy_unit_head', 'unit_head', 'deputy_head', 'acting_head', 'head', 'clerk', 'admin'] as const;
export type Position = (typeof POSITIONS)[number];

/** The posts that may be asked to sign (a unit's leaders by order or authorisation, TL / TUQ). */
export const SIGNER_POSITIONS: readonly Position[] = ['head', 'acting_head', 'deputy_head', 'unit_head', 'deputy_unit_head'];
/** Who works in a unit and drafts for it. */
export const DRAFTING_POSITIONS: readonly Position[] = ['officer', 'deputy_unit_head', 'unit_head'];

/** The agency's head, in post or acting: what a head may do, an acting head may. */
export function isHeadPosition(p: Position): boolean {
  return p === 'head' || p === 'acting_head';
}

/** The agency's leaders (lãnh đạo): heads and deputies. */
export function isLeaderPosition(p: Position): boolean {
  return p === 'head' || p === 'acting_head' || p === 'deputy_head';
}

/**
 * A `council` is an advisory body that issues in its own name with its own number series (Hội đồng
 * thi, Ban Chỉ đạo: Nghị định 30 Phụ lục I II.3a) and signs on behalf of the collective ("TM.").
 */
export const AGENCY_LEVELS = ['ministry', 'department', 'council'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/** Why a recipient gets the document (SPEC §2, §7): to report to, coordinate, implement, direct, keep, know (`info`, để biết). */
export const PURPOSES = ['report_to', 'coordinate', 'implement', 'direct', 'archive', 'info'] as const;
export type Purpose = (typeof PURPOSES)[number];

/**
 * A member of a recipient group (SPEC §7): exactly one of an agency (`agencyCode` alone), a unit
 * (`unitCode`, with `agencyCode`), an external body (`externalCode`) or a person (`username`).
 */
export interface GroupMember {
  agencyCode?: string;
  unitCode?: string;
  externalCode?: string;
  username?: string;
}

/** Quyền hạn của người ký (Nghị định 30 Điều 13, Phụ lục I II.7b); null: the head signs in their own name. */
export const SIGNING_AUTHORITIES = ['KT', 'TL', 'TUQ', 'TM', 'Q'] as const;
export type SigningAuthority = (typeof SIGNING_AUTHORITIES)[number];

export const STATES = [
  'draft',
  'consulting',
  'consulted',
  'awaiting_review',
  'awaiting_signature',
  'signed',
  'disseminated',
  'reported',
  'withdrawn',
  // Thu hồi (Nghị định 30 Điều 18.4): final; the document and its files stay readable, frozen.
  'recalled',
] as const;
export type DocumentState = (typeof STATES)[number];

/** An incoming item's states and events (văn bản đến, SPEC §7). */
export const INCOMING_STATES = ['received', 'registered', 'assigned', 'in_progress', 'done', 'returned', 'recalled'] as const;
export type IncomingState = (typeof INCOMING_STATES)[number];
export const INCOMING_EVENTS = ['REGISTER', 'ASSIGN', 'UPDATE', 'COMPLETE', 'RETURN_TO_SENDER'] as const;
export type IncomingEventType = (typeof INCOMING_EVENTS)[number];

/** Events a client may send (SPEC §2 table). */
export const CLIENT_EVENTS = [
  'SUBMIT_FOR_CONSULTATION',
  'GIVE_OPINION',
  'REVISE',
  'SUBMIT_FOR_SIGNATURE',
  'APPROVE_REVIEW',
  'SIGN',
  'RETURN',
  'DISSEMINATE',
  'ACKNOWLEDGE',
  'SUBMIT_REPORT',
  'CLOSE',
  'WITHDRAW',
  // Once out (Nghị định 30 Điều 18.3–4): thu hồi, and a linked draft that corrects (đính chính) or replaces it.
  'RECALL',
  'CORRECT',
  'REPLACE',
] as const;
export type ClientEventType = (typeof CLIENT_EVENTS)[number];

/** Events only the system sends. */
/** The deadline closed a consultation; a linked correction or replacement was disseminated. */
export const SYSTEM_EVENTS = ['CONSULTATION_DEADLINE_REACHED', 'CORRECTED', 'REPLACED'] as const;
export type SystemEventType = (typeof SYSTEM_EVENTS)[number];

export type ConsultationStatus = 'pending' | 'agreed' | 'disagreed' | 'silent';
export type ReportStatus = 'pending' | 'submitted' | 'closed';

/** The caller as the domain sees it: who they are in the organisation. */
export interface Actor {
  username: string;
  position: Position;
  /** Null only for an administrator outside any agency. */
  agencyCode: string | null;
  unitCode: string | null;
  fullName: string;
  title: string;
}

/** The username recorded for transitions nobody sent (deadlines). */
export const SYSTEM_ACTOR = 'system';
