import { mayAttempt, mayRead, signingAuthorityProblem, type DocumentFacts } from './policy';
import { signatureBlock } from './signature-block';
import type { Actor, Position } from './types';

const actor = (username: string, position: Position, agencyCode: string | null, unitCode: string | null = null): Actor => ({
  username,
  position,
  agencyCode,
  unitCode,
  fullName: username,
  title: position,
});

const doc: DocumentFacts = {
  state: 'awaiting_signature',
  agencyCode: 'BGDĐT',
  unitCode: 'QLCL',
  drafter: 'an',
  signer: 'thuong',
  consultations: [{ agencyCode: 'BGDĐT', unitCode: 'TTr', status: 'agreed' }],
  recipients: [],
};

describe('signing authority (Nghị định 30 Điều 13)', () => {
  it.each([
    ['head', null, true],
    ['head', 'TM', true],
    ['head', 'KT', false],
    ['deputy_head', 'KT', true],
    ['deputy_head', null, false],
    ['deputy_head', 'TL', false],
    ['unit_head', 'TL', true],
    ['unit_head', 'TUQ', true],
    ['unit_head', null, false],
    ['unit_head', 'KT', false],
    ['officer', 'TL', false],
  ] as const)('%s with %s → %s', (position, authority, allowed) => {
    expect(signingAuthorityProblem(position, authority) === null).toBe(allowed);
  });
});

describe('signature blocks', () => {
  it('prints the lines of each authority', () => {
    const base = { agencyName: 'Bộ Giáo dục và Đào tạo', agencyLevel: 'ministry' as const, signerName: 'Phạm Ngọc Thưởng' };
    expect(signatureBlock({ ...base, authority: 'KT', signerTitle: 'Thứ trưởng', headTitle: 'Bộ trưởng' })).toBe(
      'KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Phạm Ngọc Thưởng',
    );
    expect(signatureBlock({ ...base, authority: null, signerTitle: 'Bộ trưởng' })).toBe('BỘ TRƯỞNG / Phạm Ngọc Thưởng');
    expect(
      signatureBlock({ agencyName: 'Sở GD&ĐT Đắk Lắk', agencyLevel: 'department', authority: 'KT', signerTitle: 'Phó Giám đốc', signerName: 'Mai' }),
    ).toBe('KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Mai');
    expect(signatureBlock({ ...base, authority: 'TM', signerTitle: 'Bộ trưởng' })).toBe(
      'TM. BỘ GIÁO DỤC VÀ ĐÀO TẠO / BỘ TRƯỞNG / Phạm Ngọc Thưởng',
    );
  });
});

describe('who may act', () => {
  it('SIGN: the signer, or a delegate of the signer', () => {
    expect(mayAttempt('SIGN', doc, actor('thuong', 'deputy_head', 'BGDĐT'), new Set())).toBe(true);
    expect(mayAttempt('SIGN', doc, actor('phuc', 'deputy_head', 'BGDĐT'), new Set())).toBe(false);
    expect(mayAttempt('SIGN', doc, actor('phuc', 'deputy_head', 'BGDĐT'), new Set(['thuong']))).toBe(true);
  });

  it('reading: leaders of the agency and consulted units; not other units', () => {
    expect(mayRead(doc, actor('son', 'head', 'BGDĐT'), new Set())).toBe(true);
    expect(mayRead(doc, actor('hai', 'unit_head', 'BGDĐT', 'TTr'), new Set())).toBe(true);
    expect(mayRead(doc, actor('giang', 'unit_head', 'BGDĐT', 'CNTT'), new Set())).toBe(false);
    expect(mayRead(doc, actor('root', 'admin', null), new Set())).toBe(true);
  });
});
