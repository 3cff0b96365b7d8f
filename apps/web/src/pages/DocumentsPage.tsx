import { DRAFTING_POSITIONS } from '../../../../libs/domain/src/types';
import { TypeOptions } from '../components/TypeOptions';
import { useEffect, useState, type FormEvent } from 'react';
import { api, qs, type Doc } from '../api';
import { Deadline, Empty, ErrorBox, Loading, SecrecyBadge, StateBadge, UrgencyBadge, useLoad } from '../components/ui';
import { STATES, STATE_LABEL, TYPE_LABEL, formatDateTime } from '../format';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';

const PAGE = 50;

/** The deadline that matters in the document's current state. */
export function currentDeadline(d: Doc): string | null {
  switch (d.state) {
    case 'consulting':
      return d.consultationDeadline;
    case 'awaiting_signature':
      return d.signatureDeadline;
    case 'signed':
      return d.disseminationDeadline;
    case 'disseminated':
      return d.reportDeadline;
    default:
      return null;
  }
}

/** Văn bản: the documents the caller may see, with filters kept in the URL. */
export function DocumentsPage() {
  const { query } = useLocation();
  const filters = {
    state: query.get('state') ?? '',
    type: query.get('type') ?? '',
    q: query.get('q') ?? '',
    overdue: query.get('overdue') === 'true',
    offset: Number(query.get('offset') ?? 0) || 0,
  };
  const { user } = useSession();
  const [text, setText] = useState(filters.q);
  useEffect(() => {
    setText(filters.q); // the menu or the back button changed the search
  }, [filters.q]);
  const { data, error, loading } = useLoad(
    () => api.get<Doc[]>(`/api/documents${qs({ ...filters, overdue: filters.overdue || undefined, offset: filters.offset || undefined, limit: PAGE })}`),
    [filters.state, filters.type, filters.q, filters.overdue, filters.offset],
  );
  const go = (patch: Partial<typeof filters>) => {
    const next = { ...filters, offset: 0, ...patch };
    navigate(`/van-ban${qs({ state: next.state, type: next.type, q: next.q, overdue: next.overdue || undefined, offset: next.offset || undefined })}`, { replace: true });
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    go({ q: text.trim() });
  };
  return (
    <section>
      <div className="heading">
        <h1>Văn bản</h1>
        {DRAFTING_POSITIONS.includes(user.position) && (
          <Link to="/van-ban/moi" className="button primary">
            Soạn dự thảo mới
          </Link>
        )}
      </div>
      <form className="filters" onSubmit={search} role="search" aria-label="Lọc văn bản">
        <label>
          Trạng thái
          <select value={filters.state} onChange={(e) => go({ state: e.target.value })}>
            <option value="">Tất cả</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Loại
          <select value={filters.type} onChange={(e) => go({ type: e.target.value })}>
            <option value="">Tất cả</option>
            <TypeOptions />
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.overdue} onChange={(e) => go({ overdue: e.target.checked })} />
          Chỉ văn bản quá hạn
        </label>
        <label className="grow">
          Tìm theo trích yếu hoặc số
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="ví dụ: Kế hoạch thi" />
        </label>
        <button type="submit">Tìm</button>
      </form>
      <ErrorBox error={error} />
      {loading && !data ? (
        <Loading />
      ) : !data || data.length === 0 ? (
        <Empty>Không có văn bản nào khớp bộ lọc.</Empty>
      ) : (
        <>
          <table className="list">
            <thead>
              <tr>
                <th>Trích yếu</th>
                <th>Loại</th>
                <th>Số</th>
                <th>Trạng thái</th>
                <th>Hạn xử lý</th>
                <th>Cập nhật</th>
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.id}>
                  <td data-label="Trích yếu">
                    <Link to={`/van-ban/${d.id}`}>{d.title}</Link> <UrgencyBadge urgency={d.urgency} /> <SecrecyBadge confidentiality={d.confidentiality} />
                  </td>
                  <td data-label="Loại">{TYPE_LABEL[d.type] ?? d.type}</td>
                  <td data-label="Số">{d.number ?? '—'}</td>
                  <td data-label="Trạng thái">
                    <StateBadge state={d.state} />
                  </td>
                  <td data-label="Hạn xử lý">
                    <Deadline at={currentDeadline(d)} />
                  </td>
                  <td data-label="Cập nhật">{formatDateTime(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button disabled={filters.offset === 0} onClick={() => go({ offset: Math.max(0, filters.offset - PAGE) })}>
              ← Trang trước
            </button>
            <span>
              {filters.offset + 1}–{filters.offset + data.length}
            </span>
            <button disabled={data.length < PAGE} onClick={() => go({ offset: filters.offset + PAGE })}>
              Trang sau →
            </button>
          </div>
        </>
      )}
    </section>
  );
}
