/**
 * The vocabulary of SPEC §2, as constants the rest of the code refers to.
 * Pure (no imports): the web app (apps/web) bundles it too.
 */

export const DOCUMENT_TYPES = ['KH', 'QĐ', 'TB', 'BC', 'HD', 'CT', 'TTr', 'GM', 'CV'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Their names (Nghị định 30/2020/NĐ-CP, Phụ lục III). */
export const DOCUMENT_TYPE_NAMES: Record<DocumentType, string> = {
  KH: 'Kế hoạch',
  QĐ: 'Quyết định',
  TB: 'Thông báo',
  BC: 'Báo cáo',
  HD: 'Hướng dẫn',
  CT: 'Chỉ thị',
  TTr: 'Tờ trình',
  GM: 'Giấy mời',
  CV: 'Công văn',
};

export const URGENCIES = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const POSITIONS = ['officer', 'unit_head', 'deputy_head', 'head', 'clerk', 'admin'] as const;
export type Position = (typeof POSITIONS)[number];

export const AGENCY_LEVELS = ['ministry', 'department'] as const;
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

export const SIGNING_AUTHORITIES = ['KT', 'TL', 'TUQ', 'TM'] as const;
export type SigningAuthority = (typeof SIGNING_AUTHORITIES)[number];

export const STATES = [
  'draft',
  'consulting',
  'consulted',
  'awaiting_signature',
  'signed',
  'disseminated',
  'reported',
  'withdrawn',
] as const;
export type DocumentState = (typeof STATES)[number];

/** An incoming item's states and events (văn bản đến, SPEC §7). */
export const INCOMING_STATES = ['received', 'registered', 'assigned', 'in_progress', 'done', 'returned'] as const;
export type IncomingState = (typeof INCOMING_STATES)[number];
export const INCOMING_EVENTS = ['REGISTER', 'ASSIGN', 'UPDATE', 'COMPLETE', 'RETURN_TO_SENDER'] as const;
export type IncomingEventType = (typeof INCOMING_EVENTS)[number];

/** Events a client may send (SPEC §2 table). */
export const CLIENT_EVENTS = [
  'SUBMIT_FOR_CONSULTATION',
  'GIVE_OPINION',
  'REVISE',
  'SUBMIT_FOR_SIGNATURE',
  'SIGN',
  'RETURN',
  'DISSEMINATE',
  'ACKNOWLEDGE',
  'SUBMIT_REPORT',
  'CLOSE',
  'WITHDRAW',
] as const;
export type ClientEventType = (typeof CLIENT_EVENTS)[number];

/** Events only the system sends. */
export const SYSTEM_EVENTS = ['CONSULTATION_DEADLINE_REACHED'] as const;
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
