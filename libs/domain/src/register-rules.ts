import { InvalidInput, NotPermitted } from './errors';
import { formatVietnamTime } from './messages';
import { DOCUMENT_TYPE_NAMES, type Actor, type DocumentType, type Urgency } from './types';

/** What the registers (outgoing, incoming, follow-up) share: who may read them, how a date and a summary are written. */

/** The urgency a register's Ghi chú names (none for a normal one). */
export const URGENCY_NOTES: Record<Urgency, string | null> = { normal: null, urgent: 'Khẩn', very_urgent: 'Thượng khẩn', flash: 'Hỏa tốc' };

/** A register's date: dd/mm/yyyy in Vietnam's time zone. */
export function registerDate(d: Date | null): string | null {
  return d ? formatVietnamTime(d).slice(0, 10) : null;
}

/** "Tên loại và trích yếu": the type's name before the title, unless the title begins with it (a công văn has none). */
export function typeAndSummary(type: DocumentType, title: string): string {
  const typeName = DOCUMENT_TYPE_NAMES[type] ?? type;
  return type === 'CV' || title.toLocaleLowerCase('vi').startsWith(typeName.toLocaleLowerCase('vi')) ? title : `${typeName} ${title}`;
}

/**
 * The agency whose register the actor asks for (`agency` for an administrator, else their own): the
 * registers are for clerks, leaders and administrators; `name` is the register's, for the refusals.
 */
export function registerAgency(actor: Actor, agency: string | undefined, name: string): string {
  if (!['clerk', 'head', 'acting_head', 'deputy_head', 'admin'].includes(actor.position)) {
    throw new NotPermitted(`${name} dành cho văn thư, lãnh đạo và quản trị viên`);
  }
  const agencyCode = agency ?? actor.agencyCode;
  if (!agencyCode) throw new InvalidInput(['agency: required for an administrator outside any agency']);
  if (actor.position !== 'admin' && agencyCode !== actor.agencyCode) throw new NotPermitted(`Chỉ xem được ${name.toLocaleLowerCase('vi')} của ${actor.agencyCode}`);
  return agencyCode;
}
