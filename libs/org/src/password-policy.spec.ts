import { passwordProblems } from './password-policy';

describe('password policy', () => {
  it('an initial password (set by an administrator): 8 characters and not a common one', () => {
    expect(passwordProblems('MatKhau#2026', 'an.nv', 'initial')).toEqual([]);
    expect(passwordProblems('Smoke#2024', 'off.1', 'initial')).toEqual([]);
    expect(passwordProblems('Ab#1234', 'an.nv', 'initial')).toEqual(['mật khẩu phải có ít nhất 8 ký tự']);
    expect(passwordProblems('12345678', 'an.nv', 'initial')).toEqual([
      'mật khẩu này nằm trong danh sách mật khẩu phổ biến; hãy chọn mật khẩu khác',
    ]);
    expect(passwordProblems('PASSWORD1', 'an.nv', 'initial')[0]).toMatch(/phổ biến/);
  });

  it('a chosen password: 12 characters, no common word dressed up, not the username, not a repetition', () => {
    expect(passwordProblems('sen vàng nở giữa mùa thi', 'an.nv', 'chosen')).toEqual([]);
    expect(passwordProblems('MatKhau#2026', 'an.nv', 'chosen')).toEqual([
      'mật khẩu chỉ là một từ phổ biến thêm chữ số hoặc ký hiệu; hãy chọn mật khẩu khác',
    ]);
    // Accents do not hide the word; Đ is D.
    expect(passwordProblems('Mật Khẩu!!2026', 'an.nv', 'chosen')[0]).toMatch(/từ phổ biến/);
    expect(passwordProblems('Sunshine#2026', 'an.nv', 'chosen')[0]).toMatch(/từ phổ biến/);
    expect(passwordProblems('2026-12-01#2026', 'an.nv', 'chosen')).toEqual(['mật khẩu phải có chữ cái, không chỉ chữ số và ký hiệu']);
    expect(passwordProblems('Nguyen-AnNV-2026!', 'an.nv', 'chosen')).toEqual(['mật khẩu không được chứa tên đăng nhập']);
    expect(passwordProblems('xyxyxyxyxyxyxyxy', 'an.nv', 'chosen')).toEqual(['mật khẩu quá đơn giản: lặp lại quá ít ký tự khác nhau']);
    expect(passwordProblems('Ngan#2026x', 'an.nv', 'chosen')).toEqual(['mật khẩu phải có ít nhất 12 ký tự']);
    // Characters, not UTF-16 units: twelve letters with accents are twelve.
    expect(passwordProblems('Đường về nhà', 'an.nv', 'chosen')).toEqual([]);
  });

  it('a short username is not looked for (everything would contain "an")', () => {
    expect(passwordProblems('bạn an toàn giữa mùa thi', 'an', 'chosen')).toEqual([]);
  });
});
