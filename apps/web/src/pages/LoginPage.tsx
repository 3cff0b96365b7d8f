import { useState, type FormEvent } from 'react';
import { api, type User } from '../api';
import { ErrorBox } from '../components/ui';

export function LoginPage({ onSignedIn }: { onSignedIn: (user: User, token: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { accessToken, user } = await api.post<{ accessToken: string; user: User }>('/api/auth/login', { username, password });
      onSignedIn(user, accessToken);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <form onSubmit={submit} className="card" aria-labelledby="login-title">
        <h1 id="login-title">examflow</h1>
        <p className="muted">Quy trình văn bản mùa thi tốt nghiệp THPT</p>
        <label>
          Tên đăng nhập
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          Mật khẩu
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
        </button>
      </form>
    </main>
  );
}
