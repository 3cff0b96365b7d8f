import { useState, type FormEvent } from 'react';
import { api, setToken, type User } from '../api';
import { ErrorBox } from '../components/ui';
import { useSession } from '../session';

/**
 * Đổi mật khẩu: the signed-in user chooses their own password (POST
 * /api/auth/password). The server checks it (12 characters, not a common one,
 * not the username) and ends every other session; this one goes on with the
 * new token it answers.
 */
export function PasswordPage() {
  const { user, replaceUser } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    if (next !== again) {
      setError(new Error('Hai lần nhập mật khẩu mới không giống nhau.'));
      return;
    }
    setBusy(true);
    try {
      const r = await api.post<{ accessToken: string; user: User }>('/api/auth/password', { currentPassword: current, newPassword: next });
      setToken(r.accessToken);
      replaceUser(r.user);
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1>Đổi mật khẩu</h1>
      {user.mustChangePassword && !done && (
        <p className="notice" role="note">
          Mật khẩu hiện tại do quản trị viên đặt. Hãy chọn mật khẩu của riêng bạn.
        </p>
      )}
      <form className="card form" onSubmit={submit} aria-label="Đổi mật khẩu">
        <p className="muted">
          Ít nhất 12 ký tự. Một câu dễ nhớ (có dấu cũng được) an toàn hơn một từ thêm chữ số: tránh mật khẩu phổ biến, «MatKhau2026», tên đăng nhập.
          Các phiên đăng nhập khác của bạn sẽ kết thúc.
        </p>
        <label>
          Mật khẩu hiện tại
          <input type="password" name="current-password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </label>
        <label>
          Mật khẩu mới
          <input type="password" name="new-password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required minLength={12} />
        </label>
        <label>
          Nhập lại mật khẩu mới
          <input type="password" name="new-password-again" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required minLength={12} />
        </label>
        <ErrorBox error={error} />
        {done && (
          <p className="success" role="status">
            Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Đang lưu…' : 'Đổi mật khẩu'}
        </button>
      </form>
    </section>
  );
}
