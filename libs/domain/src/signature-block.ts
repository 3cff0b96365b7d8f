import type { AgencyLevel, SigningAuthority } from './types';

/**
 * The signature block as printed at the foot of a document (Nghị định 30
 * Phụ lục I), lines joined by " / ": `KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Phạm Ngọc Thưởng`.
 */
export function signatureBlock(input: {
  authority: SigningAuthority | null;
  agencyName: string;
  agencyLevel: AgencyLevel;
  /** The title of the agency's head, e.g. "Bộ trưởng"; defaults by level. */
  headTitle?: string | null;
  signerTitle: string;
  signerName: string;
}): string {
  const up = (s: string) => s.toLocaleUpperCase('vi-VN');
  const head = up(input.headTitle || (input.agencyLevel === 'ministry' ? 'Bộ trưởng' : 'Giám đốc'));
  const own = up(input.signerTitle);
  switch (input.authority) {
    case null:
      return [own, input.signerName].join(' / ');
    case 'KT':
      return [`KT. ${head}`, own, input.signerName].join(' / ');
    case 'TL':
    case 'TUQ':
      return [`${input.authority}. ${head}`, own, input.signerName].join(' / ');
    case 'TM':
      return [`TM. ${up(input.agencyName)}`, own, input.signerName].join(' / ');
  }
}
