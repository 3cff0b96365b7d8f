import type { DocumentType, Purpose } from './types';
import type { ProposedRecipient } from './views';

/**
 * Kính gửi and Nơi nhận as a văn thư writes them (Nghị định 30 Phụ lục I
 * 9): pure, shared by the PDF (libs/pdf) and the web app's live preview, so
 * that what the drafter sees is what the leader signs.
 */

/** A recipient ready to print: its name as written, and what Nơi nhận says of it. */
export interface PrintedRecipient {
  name: string;
  purpose: Purpose;
  note: string | null;
  main: boolean;
  /** A unit of the issuing agency: an `archive` one joins the "Lưu" line by its code. */
  ownUnitCode: string | null;
}

/** What a line adds after the name, in brackets (SPEC §2's abbreviations); `implement` says nothing more. */
const PURPOSE_NOTE: Record<Purpose, string | null> = {
  implement: null,
  report_to: 'để b/c',
  coordinate: 'để p/h',
  direct: 'để c/đ',
  info: 'để biết',
  archive: null,
};

/** Types whose addressees are written as Kính gửi (Phụ lục I 9a–9b): công văn, tờ trình, báo cáo. */
export const KINH_GUI_TYPES: ReadonlySet<DocumentType> = new Set(['CV', 'TTr', 'BC']);

/**
 * Kính gửi and Nơi nhận as Phụ lục I 9 writes them: the `main` recipients
 * after "Kính gửi:" (a công văn naming none takes those that implement), and
 * Nơi nhận opening with "- Như trên;" for them; every other recipient a
 * "- name (note);" line, the note its own or its purpose's ("để b/c"); last
 * "- Lưu: VT, <drafting unit>[, archiving units]."
 */
export function recipientLines(type: DocumentType, draftingUnit: string, written: PrintedRecipient[]): { kinhGui: boolean; addressees: string[]; recipients: string[] } {
  let main = KINH_GUI_TYPES.has(type) ? written.filter((r) => r.main) : [];
  if (type === 'CV' && main.length === 0) main = written.filter((r) => r.purpose === 'implement');
  const others = written.filter((r) => !main.includes(r));
  const archived = others.filter((r) => r.purpose === 'archive' && r.ownUnitCode !== null).map((r) => r.ownUnitCode!);
  const lines = others
    .filter((r) => !(r.purpose === 'archive' && r.ownUnitCode !== null))
    .map((r) => {
      const note = r.note ?? PURPOSE_NOTE[r.purpose];
      return `- ${r.name}${note ? ` (${note})` : ''};`;
    });
  return {
    kinhGui: type === 'CV' || main.length > 0,
    addressees: main.map((r) => r.name),
    recipients: [...(main.length ? ['- Như trên;'] : []), ...lines, `- Lưu: VT, ${[draftingUnit, ...archived.filter((u) => u !== draftingUnit)].join(', ')}.`],
  };
}

/** What naming a recipient needs to know of the organisation. */
export interface RecipientDirectory {
  agencyName(code: string): string | undefined;
  unitName(agencyCode: string, code: string): string | undefined;
  externalName(code: string): string | undefined;
  groupName(code: string): string | undefined;
  person(username: string): { fullName: string; title: string; position: string; agencyCode: string | null } | undefined;
}

/**
 * A recipient as Nơi nhận writes it: a unit of the issuing agency by its name, another's with its agency; a
 * person by their title (a head by it alone: "Bộ trưởng"), an external body or a group by its name.
 */
export function printedName(r: ProposedRecipient, issuingAgency: string, dir: RecipientDirectory): string {
  if (r.externalCode) return dir.externalName(r.externalCode) ?? r.externalCode;
  if (r.groupCode) return dir.groupName(r.groupCode) ?? r.groupCode;
  if (r.username) {
    const p = dir.person(r.username);
    if (!p) return r.username;
    const who = p.position === 'head' ? p.title : `${p.title} ${p.fullName}`;
    return !p.agencyCode || p.agencyCode === issuingAgency ? who : `${who}, ${dir.agencyName(p.agencyCode) ?? p.agencyCode}`;
  }
  const agency = r.agencyCode ?? '';
  const agencyName = dir.agencyName(agency) ?? agency;
  if (!r.unitCode) return agencyName;
  const unit = dir.unitName(agency, r.unitCode) ?? r.unitCode;
  return agency === issuingAgency ? unit : `${unit}, ${agencyName}`;
}

/** The recipients as printed: each named, its Kính gửi, and whether it is a unit of the issuer that archives. */
export function printedRecipients(written: ProposedRecipient[], issuingAgency: string, dir: RecipientDirectory): PrintedRecipient[] {
  return written.map((r) => ({
    name: printedName(r, issuingAgency, dir),
    purpose: r.purpose,
    note: r.note ?? null,
    main: r.main ?? false,
    ownUnitCode: r.agencyCode === issuingAgency && r.unitCode && !r.username ? r.unitCode : null,
  }));
}
