import { formatDocumentNumber, VIETNAM_TZ, vietnamYear } from './numbering';

describe('document numbers (Nghị định 30 Phụ lục III)', () => {
  it.each([
    [1, 'KH', 'BGDĐT', 'QLCL', '01/KH-BGDĐT'],
    [9, 'QĐ', 'SGDĐT-DL', 'KT', '09/QĐ-SGDĐT-DL'],
    [10, 'TB', 'BGDĐT', 'VP', '10/TB-BGDĐT'],
    [85, 'QĐ', 'SGDĐT-DL', 'VP', '85/QĐ-SGDĐT-DL'],
    [1277, 'CV', 'BGDĐT', 'QLCL', '1277/BGDĐT-QLCL'],
    [3, 'CV', 'SGDĐT-HN', 'QLCL', '03/SGDĐT-HN-QLCL'],
  ] as const)('%d %s of %s/%s is %s', (seq, type, agency, unit, expected) => {
    expect(formatDocumentNumber(seq, type, agency, unit)).toBe(expected);
  });

  it('refuses a sequence below 1', () => {
    expect(() => formatDocumentNumber(0, 'KH', 'A', 'B')).toThrow(RangeError);
  });

  it('the year turns at midnight in Asia/Ho_Chi_Minh, not in UTC', () => {
    expect(vietnamYear(new Date('2026-12-31T16:59:59.999Z'))).toBe(2026);
    expect(vietnamYear(new Date('2026-12-31T17:00:00.000Z'))).toBe(2027);
  });
});

describe('Vietnam time', () => {
  it('is the IANA zone Asia/Ho_Chi_Minh, and a bad sequence is named', () => {
    expect(VIETNAM_TZ).toBe('Asia/Ho_Chi_Minh');
    expect(() => formatDocumentNumber(0, 'KH', 'BGDĐT', 'QLCL')).toThrow('bad sequence 0');
  });
});
