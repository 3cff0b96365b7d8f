import { createRequire } from 'node:module';
import { withoutAccents } from '../../domain/src/names';

/**
 * What a password must be. Two tiers:
 * - `initial`: set by an administrator in the organisation import and handed
 *   over out of band; the user is asked to replace it at the first login
 *   (`mustChangePassword`). At least 8 characters, none of the common ones.
 * - `chosen`: set by the user (POST /api/auth/password): at least 12
 *   characters, not a common password, not a common word with digits and
 *   signs around it ("Password#2026"), not the username.
 *
 * The common passwords are Mozilla's list for Firefox Accounts (the 50,000
 * most frequent of at least 8 characters in a 10-million-password leak),
 * with the Vietnamese words people reach for first.
 */
export type PasswordTier = 'initial' | 'chosen';

export const MIN_LENGTH: Record<PasswordTier, number> = { initial: 8, chosen: 12 };

const commonList: { test(p: string): boolean } = createRequire(__filename)('fxa-common-password-list');

/** Words a password is built from in Vietnam and here, without accents. */
const WEAK_WORDS = new Set([
  'matkhau', 'anhyeuem', 'emyeuanh', 'yeuem', 'yeuanh', 'iloveyou', 'password', 'passw', 'pass',
  'admin', 'examflow', 'vietnam', 'hanoi', 'saigon', 'hochiminh', 'giaoduc', 'bogddt', 'bogd', 'sogddt', 'sogd',
  'gddt', 'thpt', 'kythi', 'thitotnghiep', 'qwerty', 'qwertyuiop', 'asdfgh', 'abc', 'abcd', 'abcdef', 'welcome',
]);

function plain(s: string): string {
  return withoutAccents(s).toLowerCase();
}

/** Why `password` will not do for `username` at this tier, in words for the user; empty when it will. */
export function passwordProblems(password: string, username: string, tier: PasswordTier): string[] {
  const problems: string[] = [];
  const min = MIN_LENGTH[tier];
  const chars = [...password];
  if (chars.length < min) problems.push(`mật khẩu phải có ít nhất ${min} ký tự`);
  const lower = plain(password);
  if (commonList.test(password) || commonList.test(lower)) {
    problems.push('mật khẩu này nằm trong danh sách mật khẩu phổ biến; hãy chọn mật khẩu khác');
  } else if (tier === 'chosen') {
    // "MatKhau#2026", "Sunshine2026!": a common word with digits and signs around it is guessed as fast.
    const letters = lower.replace(/[^a-z]/g, '');
    if (letters.length === 0) problems.push('mật khẩu phải có chữ cái, không chỉ chữ số và ký hiệu');
    else if (WEAK_WORDS.has(letters) || (letters.length >= 8 && commonList.test(letters))) {
      problems.push('mật khẩu chỉ là một từ phổ biến thêm chữ số hoặc ký hiệu; hãy chọn mật khẩu khác');
    }
  }
  const name = plain(username).replace(/[^a-z0-9]/g, '');
  if (name.length >= 3 && lower.replace(/[^a-z0-9]/g, '').includes(name)) {
    problems.push('mật khẩu không được chứa tên đăng nhập');
  }
  if (new Set(chars).size < 5) problems.push('mật khẩu quá đơn giản: lặp lại quá ít ký tự khác nhau');
  return problems;
}
