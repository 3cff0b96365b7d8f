import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Org, type User } from '../api';
import { SignatureImage } from '../components/SignatureImage';
import { ErrorBox, Loading, useLoad } from '../components/ui';
import { useSession } from '../session';
import { POSITION_LABEL } from '../format';
import { POSITIONS, type Position } from '../../../../libs/domain/src/types';
import sample from '../../../../examples/org.json';

/** Tổ chức (admin): the agencies, units and users, and the import of an organisation (PUT /api/org). */
export function OrgPage() {
  const { data, error, loading, reload } = useLoad(() => api.get<Org>('/api/org'), []);
  const [text, setText] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [importError, setImportError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  /** The user being edited: a new one (null username) or an existing one. */
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [toggleError, setToggleError] = useState<unknown>(null);
  const { user: { username: me }, recipientName } = useSession();

  /** Khóa / Mở khóa: the import with that user alone and `disabled` (their tokens end at once when locked). */
  const setDisabled = async (u: User, disabled: boolean) => {
    setToggleError(null);
    setSaved(null);
    try {
      await api.put('/api/org', {
        users: [
          {
            username: u.username,
            fullName: u.fullName,
            position: u.position,
            title: u.title,
            ...(u.agencyCode ? { agencyCode: u.agencyCode } : {}),
            unitCode: u.unitCode,
            email: u.email,
            disabled,
          },
        ],
      });
      setSaved(disabled ? `Đã khóa tài khoản ${u.username}: người này không đăng nhập được nữa.` : `Đã mở khóa tài khoản ${u.username}.`);
      reload();
    } catch (e) {
      setToggleError(e);
    }
  };

  const upload = async (json: unknown) => {
    setBusy(true);
    setImportError(null);
    setResult(null);
    try {
      const r = await api.put<{ agencies: number; units: number; users: number; externals: number; groups: number }>('/api/org', json);
      const outside = [r.externals ? `${r.externals} cơ quan ngoài hệ thống` : '', r.groups ? `${r.groups} nhóm nơi nhận` : ''].filter(Boolean);
      setResult(`Đã nạp ${r.agencies} cơ quan, ${r.units} đơn vị, ${r.users} người dùng${outside.map((x) => `, ${x}`).join('')}.`);
      reload();
    } catch (e) {
      setImportError(e);
    } finally {
      setBusy(false);
    }
  };
  const fromText = () => {
    try {
      void upload(JSON.parse(text));
    } catch {
      setImportError(new Error('Nội dung không phải JSON hợp lệ.'));
    }
  };
  const fromFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  return (
    <section>
      <h1>Tổ chức</h1>
      <div className="card">
        <h2>Nạp cơ cấu tổ chức</h2>
        <p className="muted">
          Tệp JSON gồm <code>agencies</code>, <code>units</code>, <code>users</code> (xem <code>examples/org.json</code>). Nạp lại nhiều lần
          không tạo bản trùng: cơ quan, đơn vị, người dùng được cập nhật theo mã và tên đăng nhập.
        </p>
        <div className="row">
          <button className="primary" disabled={busy} onClick={() => void upload(sample)}>
            Nạp tổ chức mẫu (Bộ GD&amp;ĐT, Sở Đắk Lắk, Sở Hà Nội)
          </button>
          <label className="button">
            Chọn tệp JSON…
            <input type="file" accept="application/json,.json" className="visually-hidden" onChange={(e) => void fromFile(e.target.files?.[0])} />
          </label>
        </div>
        <label>
          Hoặc dán nội dung JSON
          <textarea rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        </label>
        <button disabled={busy || !text.trim()} onClick={fromText}>
          Nạp nội dung đã dán
        </button>
        {result && (
          <p className="success" role="status">
            {result}
          </p>
        )}
        <ErrorBox error={importError} />
      </div>
      <ErrorBox error={error} />
      {loading && !data ? (
        <Loading />
      ) : (
        data && (
          <>
            <h2>Cơ quan và đơn vị</h2>
            {data.agencies.map((a) => (
              <div key={a.code} className="card">
                <h3>
                  {a.name} <span className="muted">({a.code} · {a.level === 'ministry' ? 'Bộ' : 'Sở'})</span>
                </h3>
                <ul>
                  {data.units
                    .filter((u) => u.agencyCode === a.code)
                    .map((u) => (
                      <li key={u.code}>
                        {u.name} ({u.code}){u.supervisor && <span className="muted"> — lãnh đạo phụ trách: {data.users.find((x) => x.username === u.supervisor)?.fullName ?? u.supervisor}</span>}
                      </li>
                    ))}
                </ul>
                <SignatureImage
                  path={`/api/agencies/${encodeURIComponent(a.code)}/seal`}
                  title="Hình ảnh dấu"
                  fallback="dấu được vẽ từ tên cơ quan (màu đỏ, 36 mm)"
                  defaultWidthMm={36}
                />
              </div>
            ))}
            {data.externals.length > 0 && (
              <>
                <h2>Cơ quan ngoài hệ thống</h2>
                <p className="muted">Nhận văn bản qua thư điện tử (nếu có địa chỉ); Văn thư ghi nhận việc tiếp nhận và báo cáo của họ.</p>
                <table className="list" aria-label="Cơ quan ngoài hệ thống">
                  <thead>
                    <tr>
                      <th>Mã</th>
                      <th>Tên</th>
                      <th>Thư điện tử</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.externals.map((e) => (
                      <tr key={e.code}>
                        <td>{e.code}</td>
                        <td>{e.name}</td>
                        <td>{e.email ?? <span className="muted">—</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
            {data.groups.length > 0 && (
              <>
                <h2>Nhóm nơi nhận</h2>
                <p className="muted">In trên văn bản bằng tên nhóm; văn bản được gửi tới từng thành viên.</p>
                <ul className="card" aria-label="Nhóm nơi nhận">
                  {data.groups.map((g) => (
                    <li key={g.code}>
                      <strong>{g.name}</strong> <span className="muted">({g.code})</span>: {g.members.map((m) => recipientName({ agencyCode: m.agencyCode ?? null, unitCode: m.unitCode ?? null, ...m })).join('; ')}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <div className="heading">
              <h2>Người dùng</h2>
              <button
                onClick={() => {
                  setSaved(null);
                  setEditing('new');
                }}
              >
                Thêm người dùng
              </button>
            </div>
            {saved && (
              <p className="success" role="status">
                {saved}
              </p>
            )}
            <ErrorBox error={toggleError} />
            {editing && (
              <UserForm
                key={editing === 'new' ? '(new)' : editing.username}
                org={data}
                user={editing === 'new' ? null : editing}
                onCancel={() => setEditing(null)}
                onSaved={(username, created) => {
                  setEditing(null);
                  setSaved(created ? `Đã thêm người dùng ${username}.` : `Đã lưu người dùng ${username}.`);
                  reload();
                }}
              />
            )}
            <table className="list" aria-label="Người dùng">
              <thead>
                <tr>
                  <th>Tên đăng nhập</th>
                  <th>Họ tên</th>
                  <th>Chức danh</th>
                  <th>Vai trò</th>
                  <th>Cơ quan / đơn vị</th>
                  <th>Trạng thái</th>
                  <th>
                    <span className="visually-hidden">Thao tác</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((u) => (
                  <tr key={u.username} className={u.disabled ? 'disabled' : undefined}>
                    <td data-label="Tên đăng nhập">{u.username}</td>
                    <td data-label="Họ tên">{u.fullName}</td>
                    <td data-label="Chức danh">{u.title}</td>
                    <td data-label="Vai trò">{POSITION_LABEL[u.position]}</td>
                    <td data-label="Cơ quan / đơn vị">
                      {u.agencyCode}
                      {u.unitCode ? ` / ${u.unitCode}` : ''}
                    </td>
                    <td data-label="Trạng thái">{u.disabled ? <span className="bad">Đã khóa</span> : 'Đang hoạt động'}</td>
                    <td className="actions">
                      {u.username !== me && (
                        <button className="link" aria-label={`${u.disabled ? 'Mở khóa' : 'Khóa'} ${u.username}`} onClick={() => void setDisabled(u, !u.disabled)}>
                          {u.disabled ? 'Mở khóa' : 'Khóa'}
                        </button>
                      )}{' '}
                      <button
                        className="link"
                        aria-label={`Sửa ${u.username}`}
                        onClick={() => {
                          setSaved(null);
                          setEditing(u);
                        }}
                      >
                        Sửa
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )
      )}
    </section>
  );
}

/** Positions that belong to a unit; the others work for the agency as a whole (a unit is optional). */
const IN_A_UNIT: ReadonlySet<Position> = new Set(['officer', 'unit_head']);

/**
 * One user, added or changed through PUT /api/org with that user alone (an
 * upsert by username): a new user needs a password; an existing one keeps
 * theirs unless a new one is typed.
 */
function UserForm({ org, user, onCancel, onSaved }: { org: Org; user: User | null; onCancel: () => void; onSaved: (username: string, created: boolean) => void }) {
  const [form, setForm] = useState({
    username: user?.username ?? '',
    fullName: user?.fullName ?? '',
    // An admin may belong to no agency: editing one must not move them into the first.
    agencyCode: user ? user.agencyCode ?? '' : org.agencies[0]?.code ?? '',
    unitCode: user?.unitCode ?? '',
    position: user?.position ?? ('officer' as Position),
    title: user?.title ?? '',
    email: user?.email ?? '',
    password: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
  }, []);
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));
  const units = org.units.filter((u) => u.agencyCode === form.agencyCode);
  const admin = form.position === 'admin';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The import is an upsert: "adding" a username that exists would overwrite that person.
    if (!user && org.users.some((u) => u.username === form.username.trim())) {
      setError(new Error(`Tên đăng nhập "${form.username.trim()}" đã có; để thay đổi người này, chọn «Sửa» ở dòng của họ.`));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = {
        username: form.username.trim(),
        fullName: form.fullName.trim(),
        position: form.position,
        title: form.title.trim(),
        ...(admin && !form.agencyCode ? {} : { agencyCode: form.agencyCode }),
        unitCode: form.unitCode || null,
        email: form.email.trim() || null,
        ...(form.password ? { password: form.password } : {}),
      };
      await api.put('/api/org', { users: [body] });
      onSaved(body.username, user === null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} aria-label={user ? `Sửa người dùng ${user.username}` : 'Thêm người dùng'}>
      <h3>{user ? `Sửa người dùng ${user.username}` : 'Thêm người dùng'}</h3>
      <label>
        Tên đăng nhập
        <input ref={user ? undefined : first} value={form.username} onChange={set('username')} readOnly={user !== null} required autoComplete="off" />
      </label>
      <label>
        Họ tên
        <input ref={user ? first : undefined} value={form.fullName} onChange={set('fullName')} required />
      </label>
      <label>
        Vai trò
        <select value={form.position} onChange={set('position')}>
          {POSITIONS.map((p) => (
            <option key={p} value={p}>
              {POSITION_LABEL[p]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Chức danh
        <input value={form.title} onChange={set('title')} required placeholder="Chuyên viên, Vụ trưởng, Thứ trưởng…" />
      </label>
      <label>
        Cơ quan
        <select
          value={form.agencyCode}
          onChange={(e) => setForm((f) => ({ ...f, agencyCode: e.target.value, unitCode: '' }))}
        >
          {admin && <option value="">(không thuộc cơ quan nào)</option>}
          {org.agencies.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Đơn vị
        <select value={form.unitCode} onChange={set('unitCode')} required={IN_A_UNIT.has(form.position)}>
          <option value="">{IN_A_UNIT.has(form.position) ? '— chọn đơn vị —' : '(lãnh đạo, văn thư: không bắt buộc)'}</option>
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Thư điện tử
        <input type="email" value={form.email} onChange={set('email')} autoComplete="off" />
      </label>
      <label>
        {user ? 'Mật khẩu mới (để trống để giữ mật khẩu hiện tại)' : 'Mật khẩu'}
        <input type="password" value={form.password} onChange={set('password')} required={user === null} minLength={8} autoComplete="new-password" />
      </label>
      <ErrorBox error={error} />
      <div className="row">
        <button className="primary" type="submit" disabled={busy}>
          {user ? 'Lưu' : 'Thêm'}
        </button>
        <button type="button" onClick={onCancel}>
          Hủy
        </button>
      </div>
    </form>
  );
}

