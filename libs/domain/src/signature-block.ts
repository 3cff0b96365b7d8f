import type { AgencyLevel, DocumentType, Position, SigningAuthority } from './types';
import { DOCUMENT_TYPE_NAMES } from './types';

/**
 * Ký ban hành (Nghị định 30 Điều 13, Phụ lục I II.7): who may sign under
 * which authority, and the lines printed above the signature. Pure.
 *
 * A ministry and a Sở work under their head (chế độ thủ trưởng):
 * - the head signs in their own name (null); an acting head "Q.";
 * - a deputy head "KT." (ký thay) the head;
 * - a unit head "TL." (thừa lệnh) the head, and may hand that to the unit's deputy, who signs "TL. … / KT. …";
 * - a unit head whom the head has authorised in writing, for a period and for the type, "TUQ." (thừa ủy
 *   quyền); nobody passes a TUQ. on, and no delegation makes one.
 * A council (Hội đồng thi, Ban Chỉ đạo) works as a collective: its head signs "TM." (thay mặt) it, a deputy
 * "TM. … / KT. …". "TM." is for collectives only.
 */

/** What the rule needs to know of the signer and the document. */
export interface SigningCase {
  authority: SigningAuthority | null;
  position: Position;
  agencyLevel: AgencyLevel;
  documentType: DocumentType;
  /** For TUQ.: whether a written authorisation of the head covers this signer, this type, now. */
  authorised: boolean;
}

/** The reason, in Vietnamese, the pairing is not allowed; null when it is. */
export function signingAuthorityProblem(c: SigningCase): string | null {
  const { authority, position } = c;
  if (c.agencyLevel === 'council') {
    if (authority !== 'TM') return 'tổ chức tư vấn (Hội đồng, Ban) ký thay mặt tập thể: signingAuthority phải là TM';
    return position === 'head' || position === 'deputy_head'
      ? null
      : 'TM. chỉ do người đứng đầu tổ chức tư vấn (head) hoặc cấp phó (deputy_head, ký TM. / KT.) ký';
  }
  switch (authority) {
    case null:
      if (position === 'acting_head') return 'người được giao quyền cấp trưởng (acting_head) ký "Q." (signingAuthority Q)';
      return position === 'head' ? null : 'chỉ người đứng đầu (head) ký tên mình (signingAuthority null)';
    case 'Q':
      return position === 'acting_head' ? null : 'Q. chỉ dành cho người được giao quyền cấp trưởng (acting_head)';
    case 'KT':
      return position === 'deputy_head' ? null : 'KT. (ký thay) chỉ dành cho cấp phó (deputy_head) ký thay người đứng đầu';
    case 'TL':
      return position === 'unit_head' || position === 'deputy_unit_head'
        ? null
        : 'TL. (thừa lệnh) chỉ dành cho người đứng đầu đơn vị (unit_head) hoặc cấp phó của đơn vị ký thay (deputy_unit_head)';
    case 'TUQ':
      if (position !== 'unit_head') return 'TUQ. (thừa ủy quyền) chỉ dành cho người đứng đầu đơn vị (unit_head) được người đứng đầu ủy quyền bằng văn bản';
      return c.authorised
        ? null
        : `TUQ.: chưa có văn bản ủy quyền của người đứng đầu còn hiệu lực cho người ký về loại ${DOCUMENT_TYPE_NAMES[c.documentType]} (${c.documentType})`;
    case 'TM':
      return 'TM. (thay mặt tập thể) chỉ dành cho tổ chức tư vấn (council); bộ và sở làm việc theo chế độ thủ trưởng';
  }
}

/**
 * The authority a delegate signs under, in place of the signer named (SIGN by a delegate, Điều 13):
 * a deputy head for the head or another deputy "KT."; a unit head for the head only with the head's
 * written authorisation, "TUQ." (a deputy's delegation makes none); the unit's deputy for a unit head's "TL."; a council's deputy for its
 * head "TM.". A "TUQ." is never passed on.
 */
export function delegatedAuthority(
  assigned: SigningAuthority | null,
  delegate: { position: Position; authorised: boolean },
): { authority: SigningAuthority | null } | { problem: string } {
  switch (assigned) {
    case null:
    case 'Q':
      // The head's own signature (or the acting head's): a deputy signs KT.; a unit head only under the head's written authorisation.
      if (delegate.position === 'deputy_head') return { authority: 'KT' };
      if (delegate.position === 'acting_head') return { authority: 'Q' };
      if (delegate.position === 'unit_head' && delegate.authorised) return { authority: 'TUQ' };
      return { problem: 'chỉ cấp phó (KT.) hoặc người đứng đầu đơn vị có văn bản ủy quyền của người đứng đầu (TUQ.) được ký thay người đứng đầu' };
    case 'KT':
      // A deputy's delegation makes no TUQ. signer (SPEC §9): another deputy signs KT.
      return delegate.position === 'deputy_head'
        ? { authority: 'KT' }
        : { problem: 'việc ký thay của cấp phó chỉ giao cho cấp phó khác (KT.); ủy quyền của cấp phó không tạo ra người ký TUQ.' };
    case 'TL':
      return delegate.position === 'deputy_unit_head'
        ? { authority: 'TL' }
        : { problem: 'việc ký thừa lệnh chỉ được giao lại cho cấp phó của đơn vị (deputy_unit_head)' };
    case 'TUQ':
      return { problem: 'người được ký thừa ủy quyền không được ủy quyền lại cho người khác ký (Điều 13.3)' };
    case 'TM':
      return delegate.position === 'deputy_head'
        ? { authority: 'TM' }
        : { problem: 'chỉ cấp phó của tổ chức tư vấn (deputy_head) ký TM. / KT. thay người đứng đầu' };
  }
}

/** What the signature block prints (Phụ lục I ô 7a–7b). */
export interface SignatureBlockInput {
  authority: SigningAuthority | null;
  agencyName: string;
  agencyLevel: AgencyLevel;
  /** What "TM." is followed by ("Hội đồng thi"); defaults to the agency's name. */
  collectiveName?: string | null;
  /** The title of the agency's head ("Bộ trưởng", "Chủ tịch"); defaults by level. */
  headTitle?: string | null;
  /** For "TL. … / KT. …": the title of the head of the signer's unit ("Cục trưởng"). */
  unitHeadTitle?: string | null;
  signerPosition?: Position;
  signerTitle: string;
  signerName: string;
}

const DEFAULT_HEAD_TITLE: Record<AgencyLevel, string> = { ministry: 'Bộ trưởng', department: 'Giám đốc', council: 'Chủ tịch' };

/** "Phó Cục trưởng" → "Cục trưởng"; "Quyền Giám đốc" → "Giám đốc". */
function withoutPrefix(title: string, prefix: RegExp): string | null {
  const m = prefix.exec(title.trim());
  return m ? title.trim().slice(m[0].length).replace(/^./u, (c) => c.toLocaleUpperCase('vi-VN')) : null;
}

/**
 * The block as printed at the foot of a document, lines joined by " / ":
 * `KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Phạm Ngọc Thưởng`,
 * `TL. BỘ TRƯỞNG / KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG / …`,
 * `TM. HỘI ĐỒNG THI / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / …`, `Q. GIÁM ĐỐC / …`.
 */
export function signatureBlock(input: SignatureBlockInput): string {
  const up = (s: string) => s.toLocaleUpperCase('vi-VN');
  const headTitle =
    input.headTitle ||
    (input.signerPosition === 'acting_head' ? withoutPrefix(input.signerTitle, /^Quyền\s+/iu) : null) ||
    DEFAULT_HEAD_TITLE[input.agencyLevel];
  const head = up(headTitle);
  const own = up(input.signerTitle);
  const name = input.signerName;
  switch (input.authority) {
    case null:
      return [own, name].join(' / ');
    case 'Q':
      return [`Q. ${head}`, name].join(' / ');
    case 'KT':
      return [`KT. ${head}`, own, name].join(' / ');
    case 'TL':
      if (input.signerPosition === 'deputy_unit_head') {
        const unitHead = up(input.unitHeadTitle || withoutPrefix(input.signerTitle, /^Phó\s+/iu) || 'Thủ trưởng đơn vị');
        return [`TL. ${head}`, `KT. ${unitHead}`, own, name].join(' / ');
      }
      return [`TL. ${head}`, own, name].join(' / ');
    case 'TUQ':
      return [`TUQ. ${head}`, own, name].join(' / ');
    case 'TM': {
      const collective = `TM. ${up(input.collectiveName || input.agencyName)}`;
      return input.signerPosition === 'deputy_head' ? [collective, `KT. ${head}`, own, name].join(' / ') : [collective, own, name].join(' / ');
    }
  }
}
