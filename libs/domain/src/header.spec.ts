import { documentSymbol, governingBodyOf, placeOf, printedAgencyName, symbolOf } from './header';
import { formatDocumentNumber } from './numbering';

/** Nghị định 30 Phụ lục I II.2–4: the header as the seeds print it (SPEC §9). */
describe('the header of a document', () => {
  const konTum = { code: 'SGDĐT-KT', name: 'Sở Giáo dục và Đào tạo Kon Tum', level: 'department' as const, parentName: 'UBND tỉnh Kon Tum', place: 'Kon Tum', symbol: 'SGDĐT' };
  const bo = { code: 'BGDĐT', name: 'Bộ Giáo dục và Đào tạo', level: 'ministry' as const };

  it('seed 004: UBND TỈNH KON TUM / SỞ GIÁO DỤC VÀ ĐÀO TẠO, Số: 05/SGDĐT-QLCLGDCN, Kon Tum', () => {
    expect(governingBodyOf(konTum)).toBe('UBND TỈNH KON TUM');
    expect(printedAgencyName(konTum)).toBe('SỞ GIÁO DỤC VÀ ĐÀO TẠO');
    expect(placeOf(konTum)).toBe('Kon Tum');
    expect(formatDocumentNumber(5, 'CV', symbolOf(konTum), symbolOf({ code: 'QLCL', symbol: 'QLCLGDCN' }))).toBe('05/SGDĐT-QLCLGDCN');
    expect(formatDocumentNumber(85, 'QĐ', symbolOf(konTum), 'QLCLGDCN')).toBe('85/QĐ-SGDĐT');
  });

  it('seed 001: a ministry has no governing body, is in Hà Nội, and its symbol is its code unless imported', () => {
    expect(governingBodyOf(bo)).toBeNull();
    expect(printedAgencyName(bo)).toBe('BỘ GIÁO DỤC VÀ ĐÀO TẠO');
    expect(placeOf(bo)).toBe('Hà Nội');
    expect(symbolOf(bo)).toBe('BGDĐT');
    expect(documentSymbol('KH', 'BGDĐT', 'QLCL')).toBe('KH-BGDĐT');
  });

  it('without the fields imported, a Sở’s are derived from its name; a name its governing body does not repeat stays whole', () => {
    const dl = { code: 'SGDĐT-DL', name: 'Sở Giáo dục và Đào tạo Đắk Lắk', level: 'department' as const };
    expect(governingBodyOf(dl)).toBe('UBND TỈNH ĐẮK LẮK');
    expect(printedAgencyName(dl)).toBe('SỞ GIÁO DỤC VÀ ĐÀO TẠO');
    expect(placeOf(dl)).toBe('Đắk Lắk');
    const hcm = { code: 'SGDĐT-HCM', name: 'Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh', level: 'department' as const };
    expect(governingBodyOf(hcm)).toBe('UBND THÀNH PHỐ HỒ CHÍ MINH');
    expect(printedAgencyName(hcm)).toBe('SỞ GIÁO DỤC VÀ ĐÀO TẠO');
    const council = { code: 'HĐT-DL', name: 'Hội đồng thi tốt nghiệp THPT năm 2027', level: 'council' as const, parentName: 'Sở Giáo dục và Đào tạo Đắk Lắk', place: 'Đắk Lắk' };
    expect(governingBodyOf(council)).toBe('SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK');
    expect(printedAgencyName(council)).toBe('HỘI ĐỒNG THI TỐT NGHIỆP THPT NĂM 2027');
    expect(governingBodyOf({ name: 'Hội đồng', level: 'council' })).toBeNull();
  });
});
