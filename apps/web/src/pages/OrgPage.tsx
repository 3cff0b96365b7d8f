import { useState } from 'react';
import { api, type Org } from '../api';
import { ErrorBox, Loading, useLoad } from '../components/ui';
import { POSITION_LABEL } from '../format';
import sample from '../../../../examples/org.json';

/** Tổ chức (admin): the agencies, units and users, and the import of an organisation (PUT /api/org). */
export function OrgPage() {
  const { data, error, loading, reload } = useLoad(() => api.get<Org>('/api/org'), []);
  const [text, setText] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [importError, setImportError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (json: unknown) => {
    setBusy(true);
    setImportError(null);
    setResult(null);
    try {
      const r = await api.put<{ agencies: number; units: number; users: number }>('/api/org', json);
      setResult(`Đã nạp ${r.agencies} cơ quan, ${r.units} đơn vị, ${r.users} người dùng.`);
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
              </div>
            ))}
            <h2>Người dùng</h2>
            <table className="list">
              <thead>
                <tr>
                  <th>Tên đăng nhập</th>
                  <th>Họ tên</th>
                  <th>Chức danh</th>
                  <th>Vai trò</th>
                  <th>Cơ quan / đơn vị</th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((u) => (
                  <tr key={u.username}>
                    <td data-label="Tên đăng nhập">{u.username}</td>
                    <td data-label="Họ tên">{u.fullName}</td>
                    <td data-label="Chức danh">{u.title}</td>
                    <td data-label="Vai trò">{POSITION_LABEL[u.position]}</td>
                    <td data-label="Cơ quan / đơn vị">
                      {u.agencyCode}
                      {u.unitCode ? ` / ${u.unitCode}` : ''}
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
