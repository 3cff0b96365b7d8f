import { signatureBlock } from './signature-block';

/** Nghị định 30 Điều 13 and Phụ lục I: the lines above the signature, in capitals. */
describe('signature block', () => {
  const bo = { agencyName: 'Bộ Giáo dục và Đào tạo', agencyLevel: 'ministry' as const };
  const so = { agencyName: 'Sở Giáo dục và Đào tạo Đắk Lắk', agencyLevel: 'department' as const };

  it('by order (TL) and authorised (TUQ): the head’s title, then the signer’s own', () => {
    expect(signatureBlock({ ...bo, authority: 'TL', headTitle: 'Bộ trưởng', signerTitle: 'Cục trưởng', signerName: 'Huỳnh Văn Chương' })).toBe(
      'TL. BỘ TRƯỞNG / CỤC TRƯỞNG / Huỳnh Văn Chương',
    );
    expect(signatureBlock({ ...so, authority: 'TUQ', headTitle: 'Giám đốc', signerTitle: 'Chánh Văn phòng', signerName: 'Lê Thị Hà' })).toBe(
      'TUQ. GIÁM ĐỐC / CHÁNH VĂN PHÒNG / Lê Thị Hà',
    );
  });

  it('without the head’s title: Bộ trưởng in a ministry, Giám đốc in a department', () => {
    expect(signatureBlock({ ...bo, authority: 'KT', headTitle: null, signerTitle: 'Thứ trưởng', signerName: 'A' })).toBe('KT. BỘ TRƯỞNG / THỨ TRƯỞNG / A');
    expect(signatureBlock({ ...so, authority: 'KT', headTitle: '', signerTitle: 'Phó Giám đốc', signerName: 'B' })).toBe('KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / B');
    expect(signatureBlock({ ...so, authority: 'TM', signerTitle: 'Giám đốc', signerName: 'C' })).toBe(
      'TM. SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK / GIÁM ĐỐC / C',
    );
  });

  it('the name keeps its case; the titles take Vietnamese capitals', () => {
    expect(signatureBlock({ ...bo, authority: null, signerTitle: 'Bộ trưởng', signerName: 'Nguyễn Kim Sơn' })).toBe('BỘ TRƯỞNG / Nguyễn Kim Sơn');
  });
});
