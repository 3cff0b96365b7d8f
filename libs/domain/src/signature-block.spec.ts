import { delegatedAuthority, signatureBlock, signingAuthorityProblem } from './signature-block';
import { AGENCY_LEVELS, POSITIONS, SIGNING_AUTHORITIES, type AgencyLevel, type Position, type SigningAuthority } from './types';

/**
 * Nghị định 30 Điều 13 and Phụ lục I II.7, as a table: every post × every
 * authority × every level of agency, with and without a written
 * authorisation. What the decree allows is listed here by hand; everything
 * else is refused with a reason.
 */
const ALLOWED: ReadonlyArray<[AgencyLevel | 'ministry|department', Position, SigningAuthority | null, 'any' | 'authorised']> = [
  // Chế độ thủ trưởng (Điều 13.1, 13.3, 13.4): the head in own name, Q. for an acting head, KT. for a deputy,
  // TL. for a unit head or (KT. under it) the unit's deputy, TUQ. for a unit head authorised in writing.
  ['ministry|department', 'head', null, 'any'],
  ['ministry|department', 'acting_head', 'Q', 'any'],
  ['ministry|department', 'deputy_head', 'KT', 'any'],
  ['ministry|department', 'unit_head', 'TL', 'any'],
  ['ministry|department', 'deputy_unit_head', 'TL', 'any'],
  ['ministry|department', 'unit_head', 'TUQ', 'authorised'],
  // Chế độ tập thể (Điều 13.2): TM. by the head, TM. / KT. by a deputy.
  ['council', 'head', 'TM', 'any'],
  ['council', 'deputy_head', 'TM', 'any'],
];

function allowed(level: AgencyLevel, position: Position, authority: SigningAuthority | null, authorised: boolean): boolean {
  return ALLOWED.some(
    ([l, p, a, needs]) => (l === level || (l === 'ministry|department' && level !== 'council')) && p === position && a === authority && (needs === 'any' || authorised),
  );
}

const CASES = AGENCY_LEVELS.flatMap((level) =>
  POSITIONS.flatMap((position) =>
    [null, ...SIGNING_AUTHORITIES].flatMap((authority) => [false, true].map((authorised) => [level, position, authority, authorised] as const)),
  ),
);

describe('who signs under which authority: every post × authority × level (Điều 13)', () => {
  it(`covers ${CASES.length} pairings, ${CASES.filter((c) => allowed(...c)).length} of them allowed`, () => {
    expect(CASES.length).toBe(3 * 8 * 6 * 2);
  });

  it.each(CASES)('%s: %s signing %s (authorised in writing: %s)', (level, position, authority, authorised) => {
    const problem = signingAuthorityProblem({ agencyLevel: level, position, authority, documentType: 'CV', authorised });
    if (allowed(level, position, authority, authorised)) expect(problem).toBeNull();
    else expect(problem).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳý]/u); // a reason, in Vietnamese
  });

  it('says why in words a văn thư reads', () => {
    const at = (authority: SigningAuthority | null, position: Position, agencyLevel: AgencyLevel = 'ministry', authorised = false) =>
      signingAuthorityProblem({ authority, position, agencyLevel, documentType: 'GM', authorised });
    expect(at(null, 'acting_head')).toMatch(/ký "Q\."/);
    expect(at('TUQ', 'unit_head')).toMatch(/chưa có văn bản ủy quyền .* Giấy mời \(GM\)/);
    expect(at('TUQ', 'deputy_unit_head', 'ministry', true)).toMatch(/chỉ dành cho người đứng đầu đơn vị/);
    expect(at('TM', 'head')).toMatch(/chế độ thủ trưởng/);
    expect(at('KT', 'deputy_head', 'council')).toMatch(/phải là TM/);
  });
});

describe('signing in the signer’s place (a delegation at SIGN)', () => {
  it.each([
    [null, 'deputy_head', false, 'KT'],
    ['KT', 'deputy_head', false, 'KT'],
    ['KT', 'unit_head', true, null],
    ['Q', 'unit_head', true, 'TUQ'],
    [null, 'acting_head', false, 'Q'],
    [null, 'unit_head', true, 'TUQ'],
    [null, 'unit_head', false, null],
    [null, 'officer', true, null],
    ['KT', 'clerk', false, null],
    ['TL', 'deputy_unit_head', false, 'TL'],
    ['TL', 'officer', false, null],
    ['TL', 'unit_head', false, null],
    ['TUQ', 'unit_head', true, null],
    ['TUQ', 'deputy_unit_head', false, null],
    ['TM', 'deputy_head', false, 'TM'],
    ['TM', 'unit_head', true, null],
  ] as const)('%s, delegated to a %s (authorised: %s) → %s', (assigned, position, authorised, expected) => {
    const r = delegatedAuthority(assigned, { position, authorised });
    if (expected === null) expect(r).toHaveProperty('problem', expect.stringMatching(/\S/));
    else expect(r).toEqual({ authority: expected });
  });

  it('a TUQ. is never passed on (Điều 13.3)', () => {
    expect(delegatedAuthority('TUQ', { position: 'unit_head', authorised: true })).toEqual({ problem: expect.stringMatching(/không được ủy quyền lại/) });
  });
});

/** The blocks of Phụ lục I II.7 and of the seeds, line by line. */
describe('signature blocks as Phụ lục I prints them', () => {
  const bo = { agencyName: 'Bộ Giáo dục và Đào tạo', agencyLevel: 'ministry' as const };
  const so = { agencyName: 'Sở Giáo dục và Đào tạo Kon Tum', agencyLevel: 'department' as const };
  const hdt = { agencyName: 'Hội đồng thi tốt nghiệp THPT tỉnh Đắk Lắk', agencyLevel: 'council' as const, collectiveName: 'Hội đồng thi' };

  it.each([
    ['seed 001: KT. BỘ TRƯỞNG / THỨ TRƯỞNG', { ...bo, authority: 'KT', headTitle: 'Bộ trưởng', signerPosition: 'deputy_head', signerTitle: 'Thứ trưởng', signerName: 'Phạm Ngọc Thưởng' }, 'KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Phạm Ngọc Thưởng'],
    ['seed 002: GIÁM ĐỐC', { ...so, authority: null, signerPosition: 'head', signerTitle: 'Giám đốc', signerName: 'Nguyễn Văn A' }, 'GIÁM ĐỐC / Nguyễn Văn A'],
    ['seed 004: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC', { ...so, authority: 'KT', headTitle: null, signerPosition: 'deputy_head', signerTitle: 'Phó Giám đốc', signerName: 'Trần Thị B' }, 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Trần Thị B'],
    ['Q. for an acting head, the head’s title from their own', { ...so, authority: 'Q', headTitle: null, signerPosition: 'acting_head', signerTitle: 'Quyền Giám đốc', signerName: 'Lê C' }, 'Q. GIÁM ĐỐC / Lê C'],
    ['TL. by a unit head', { ...bo, authority: 'TL', headTitle: 'Bộ trưởng', signerPosition: 'unit_head', signerTitle: 'Cục trưởng', signerName: 'Huỳnh Văn Chương' }, 'TL. BỘ TRƯỞNG / CỤC TRƯỞNG / Huỳnh Văn Chương'],
    ['TL. with KT. under it by the unit’s deputy', { ...bo, authority: 'TL', headTitle: 'Bộ trưởng', unitHeadTitle: 'Cục trưởng', signerPosition: 'deputy_unit_head', signerTitle: 'Phó Cục trưởng', signerName: 'Đỗ D' }, 'TL. BỘ TRƯỞNG / KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG / Đỗ D'],
    ['… the unit head’s title from the deputy’s when the unit has no head', { ...so, authority: 'TL', signerPosition: 'deputy_unit_head', signerTitle: 'Phó Chánh Văn phòng', signerName: 'E' }, 'TL. GIÁM ĐỐC / KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG / E'],
    ['TUQ. by an authorised unit head', { ...so, authority: 'TUQ', headTitle: 'Giám đốc', signerPosition: 'unit_head', signerTitle: 'Chánh Văn phòng', signerName: 'Lê Thị Hà' }, 'TUQ. GIÁM ĐỐC / CHÁNH VĂN PHÒNG / Lê Thị Hà'],
    ['TM. by a council’s head', { ...hdt, authority: 'TM', headTitle: 'Chủ tịch', signerPosition: 'head', signerTitle: 'Chủ tịch', signerName: 'F' }, 'TM. HỘI ĐỒNG THI / CHỦ TỊCH / F'],
    ['TM. with KT. under it by a deputy', { ...hdt, authority: 'TM', headTitle: null, signerPosition: 'deputy_head', signerTitle: 'Phó Chủ tịch', signerName: 'G' }, 'TM. HỘI ĐỒNG THI / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / G'],
  ] as const)('%s', (_, input, printed) => {
    expect(signatureBlock(input)).toBe(printed);
  });

  it('without the head’s title: Bộ trưởng in a ministry, Giám đốc in a Sở, Chủ tịch in a council; TM. without a collective name takes the name', () => {
    expect(signatureBlock({ ...bo, authority: 'KT', signerTitle: 'Thứ trưởng', signerName: 'A' })).toBe('KT. BỘ TRƯỞNG / THỨ TRƯỞNG / A');
    expect(signatureBlock({ ...so, authority: 'KT', headTitle: '', signerTitle: 'Phó Giám đốc', signerName: 'B' })).toBe('KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / B');
    expect(signatureBlock({ agencyName: 'Ban Chỉ đạo thi', agencyLevel: 'council', authority: 'TM', signerPosition: 'deputy_head', signerTitle: 'Phó Trưởng ban', signerName: 'C' })).toBe(
      'TM. BAN CHỈ ĐẠO THI / KT. CHỦ TỊCH / PHÓ TRƯỞNG BAN / C',
    );
  });
});
