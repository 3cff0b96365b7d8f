import { isLeaderPosition } from '../../../../libs/domain/src/types';
import { TypeOptions } from '../components/TypeOptions';
import { useState, type FormEvent } from 'react';
import { api, getBlob, saveBlob, type Incoming } from '../api';
import { Deadline, Empty, ErrorBox, Loading, UrgencyBadge, useLoad } from '../components/ui';
import { INCOMING_STATE_LABEL, TYPE_LABEL, URGENCIES, URGENCY_LABEL, formatDateTime, textToDay } from '../format';
import { INCOMING_STATES } from '../../../../libs/domain/src/types';
import { Link } from '../router';
import { useSession } from '../session';

/**
 * Văn bản đến (SPEC §7): the clerk's queue of what to register (urgent
 * first, oldest first) with Vào sổ in one click, what came from outside
 * entered by hand, and the registers of Phụ lục IV as CSV; a leader sees
 * what to assign, a unit what it was given.
 */
export function IncomingPage() {
  const { user } = useSession();
  const [state, setState] = useState('');
  const { data, error, loading, reload } = useLoad(() => api.get<Incoming[]>(`/api/incoming${state ? `?state=${state}` : ''}`), [state]);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const clerk = user.position === 'clerk';
  const desk = clerk || isLeaderPosition(user.position);
  const register = async (item: Incoming) => {
    setBusy(item.id);
    setActionError(null);
    try {
      await api.post(`/api/incoming/${item.id}/events`, { type: 'REGISTER', expectedVersion: item.version });
      reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  };
  const download = async (path: string, name: string) => {
    setActionError(null);
    try {
      saveBlob(await getBlob(path), name);
    } catch (e) {
      setActionError(e);
    }
  };
  const year = new Date().getFullYear();
  return (
    <section>
      <div className="heading">
        <h1>Văn bản đến</h1>
        {desk && (
          <div className="row">
            <button onClick={() => void download(`/api/registers/incoming?year=${year}&format=csv`, `so-van-ban-den-${year}.csv`)}>Sổ đăng ký văn bản đến (CSV)</button>
            <button onClick={() => void download(`/api/registers/follow-up?year=${year}&format=csv`, `so-theo-doi-giai-quyet-${year}.csv`)}>Sổ theo dõi giải quyết (CSV)</button>
          </div>
        )}
      </div>
      <label>
        Trạng thái{' '}
        <select value={state} onChange={(e) => setState(e.target.value)} aria-label="Lọc theo trạng thái">
          <option value="">Tất cả</option>
          {INCOMING_STATES.map((s) => (
            <option key={s} value={s}>
              {INCOMING_STATE_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <ErrorBox error={error ?? actionError} />
      {loading && !data ? (
        <Loading />
      ) : !data?.length ? (
        <Empty>Không có văn bản đến nào.</Empty>
      ) : (
        <ul className="cards" aria-label="Danh sách văn bản đến">
          {data.map((i) => (
            <li key={i.id} className={`card incoming incoming-${i.state}`}>
              <div className="row">
                <span className={`badge state incoming-${i.state}`}>{INCOMING_STATE_LABEL[i.state]}</span>
                <UrgencyBadge urgency={i.urgency} />
                {i.incomingNumber !== null && <span className="badge">Số đến {i.incomingNumber}</span>}
              </div>
              <Link to={`/van-ban-den/${i.id}`} className="title">
                {TYPE_LABEL[i.type] ?? i.type} {i.number ? `số ${i.number}` : ''}: {i.title}
              </Link>
              <div className="muted">
                {i.sender} · đến lúc {formatDateTime(i.receivedAt)}
              </div>
              {i.state === 'received' && i.registrationDeadline && (
                <div>
                  Hạn vào sổ: <Deadline at={i.registrationDeadline} done={false} />
                </div>
              )}
              {i.assignment?.deadline && (
                <div>
                  Hạn giải quyết: <Deadline at={i.assignment.deadline} done={i.state === 'done'} />
                </div>
              )}
              {i.availableEvents.includes('REGISTER') && (
                <button className="primary" onClick={() => void register(i)} disabled={busy === i.id} aria-label={`Vào sổ: ${i.title}`}>
                  {busy === i.id ? 'Đang vào sổ…' : 'Vào sổ'}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {clerk && <CreateIncoming onCreated={reload} />}
    </section>
  );
}

/** A document that came from outside examflow (paper, e-mail, the national exchange), entered by the clerk. */
function CreateIncoming({ onCreated }: { onCreated: () => void }) {
  const [form, setForm] = useState({ sender: '', number: '', issuedAt: '', type: 'CV', title: '', urgency: 'normal' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      const day = textToDay(form.issuedAt);
      // A day that is not one goes as typed: the server names the field in its answer.
      await api.post('/api/incoming', { ...form, issuedAt: day ? new Date(`${day}T00:00:00+07:00`).toISOString() : form.issuedAt });
      setForm({ ...form, sender: '', number: '', title: '' });
      setDone(true);
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  const field = (key: keyof typeof form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }) });
  return (
    <form className="card form" onSubmit={submit} aria-label="Nhập văn bản đến">
      <h2>Nhập văn bản đến từ ngoài hệ thống</h2>
      <label>
        Cơ quan ban hành (tác giả)
        <input {...field('sender')} required maxLength={300} />
      </label>
      <label>
        Số, ký hiệu
        <input {...field('number')} required maxLength={100} />
      </label>
      <label>
        Ngày văn bản
        <input
          {...field('issuedAt')}
          required
          inputMode="numeric"
          placeholder="dd/mm/yyyy"
          pattern="\s*\d{1,2}/\d{1,2}/\d{4}\s*"
          title="Ngày dạng dd/mm/yyyy"
          aria-invalid={form.issuedAt.trim() !== '' && textToDay(form.issuedAt) === null}
        />
      </label>
      <label>
        Loại văn bản
        <select {...field('type')}>
          <TypeOptions />
        </select>
      </label>
      <label>
        Trích yếu
        <input {...field('title')} required maxLength={1000} />
      </label>
      <label>
        Độ khẩn
        <select {...field('urgency')}>
          {URGENCIES.map((u) => (
            <option key={u} value={u}>
              {URGENCY_LABEL[u]}
            </option>
          ))}
        </select>
      </label>
      <ErrorBox error={error} />
      {done && (
        <p className="success" role="status">
          Đã tiếp nhận; hãy vào sổ.
        </p>
      )}
      <button type="submit">Tiếp nhận</button>
    </form>
  );
}
