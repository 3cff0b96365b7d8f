import { isLeaderPosition } from '../../../../libs/domain/src/types';
/**
 * Kỳ thi (SPEC §8): the campaigns with their sessions, and the live board of
 * one — recipient × session, pushed as reports arrive, readable on a wall
 * screen and on a phone, filterable to the late ones, as CSV, and the
 * leaders' one-click reminder to every late province.
 */
import { useEffect, useState } from 'react';
import { api, getBlobWithHeaders, listenForEvents, qs, saveBlob, type Campaign } from '../api';
import { ErrorBox, Loading, useLoad } from '../components/ui';
import { formatDateTime } from '../format';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { BOARD_STATUS_LABEL, type BoardCell, type BoardCounts, type BoardStatus } from '../../../../libs/domain/src/board';
import type { BoardDocument, BoardView } from '../../../../libs/domain/src/views';

const STATUS_ORDER: BoardStatus[] = ['late', 'pending', 'submitted', 'missing'];

export function CampaignsPage() {
  const { data, error, loading } = useLoad(() => api.get<Campaign[]>('/api/campaigns'), []);
  if (loading && !data) return <Loading />;
  return (
    <section>
      <h1>Kỳ thi</h1>
      <ErrorBox error={error} />
      {data?.length === 0 && <p className="empty">Chưa có kỳ thi nào.</p>}
      <ul className="cards">
        {data?.map((c) => (
          <li key={c.id} className="card">
            <h2>
              <Link to={`/ky-thi/${c.id}`}>{c.name}</Link> <span className="muted">({c.code})</span>
            </h2>
            <table className="list sessions">
              <thead>
                <tr>
                  <th>Buổi thi</th>
                  <th>Bắt đầu</th>
                  <th>Kết thúc</th>
                </tr>
              </thead>
              <tbody>
                {c.sessions.map((s) => (
                  <tr key={s.code}>
                    <td data-label="Buổi thi">
                      {s.name} <span className="muted">({s.code})</span>
                    </td>
                    <td data-label="Bắt đầu">{formatDateTime(s.startsAt)}</td>
                    <td data-label="Kết thúc">{formatDateTime(s.endsAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              <Link to={`/ky-thi/${c.id}`} className="button">
                Bảng theo dõi báo cáo
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The board of one campaign: live (pushed), with the late filter in the address so that a wall screen keeps it. */
export function BoardPage({ id }: { id: string }) {
  const { user } = useSession();
  const { query } = useLocation();
  const late = query.get('late') === '1';
  const [board, setBoard] = useState<BoardView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(false);
  const [tick, setTick] = useState(0);
  const [reminded, setReminded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let alive = true;
    api.get<BoardView>(`/api/campaigns/${id}/board${qs({ late })}`).then(
      (b) => alive && (setBoard(b), setError(null)),
      (e) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [id, late, tick]);
  useEffect(() => {
    // Pushed when a report comes; read again every minute as well (a report falls late by the clock alone).
    let pending: ReturnType<typeof setTimeout> | undefined;
    const stop = listenForEvents(`/api/campaigns/${id}/board/stream`, 'board', () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        setTick((t) => t + 1);
      }, 200);
    }, (open) => {
      setLive(open);
      if (open) setTick((t) => t + 1);
    });
    const timer = setInterval(() => setTick((t) => t + 1), 60_000);
    return () => {
      stop();
      clearTimeout(pending);
      clearInterval(timer);
    };
  }, [id]);
  // The leaders of an agency whose documents the board shows (a Sở's Giám đốc looking on has nothing to remind).
  const leader =
    user.position === 'admin' || (isLeaderPosition(user.position) && !!board?.documents.some((d) => d.agencyCode === user.agencyCode));
  const remind = async () => {
    setBusy(true);
    setReminded(null);
    try {
      // One id per click: sent twice (a double click, a retry), it reminds nobody twice.
      const r = await api.post<{ reminded: number; late: number }>(`/api/campaigns/${id}/board/remind`, { requestId: clickId() });
      setReminded(r.late ? `Đã nhắc ${r.reminded} người của ${r.late} nơi báo cáo chậm.` : 'Không có nơi nào báo cáo chậm.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const csv = async () => {
    const { blob } = await getBlobWithHeaders(`/api/campaigns/${id}/board${qs({ late, format: 'csv' })}`);
    saveBlob(blob, `bang-theo-doi-${board?.campaign.code ?? id}.csv`);
  };
  if (!board && !error) return <Loading />;
  return (
    <section className="board">
      <div className="heading">
        <h1>{board ? `Bảng theo dõi báo cáo — ${board.campaign.name}` : 'Bảng theo dõi báo cáo'}</h1>
        <span className={live ? 'live on' : 'live'} data-testid="board-live" title={live ? 'Tự cập nhật khi có báo cáo' : 'Đang kết nối lại…'}>
          {live ? '● Trực tiếp' : '○ Đang kết nối'}
        </span>
      </div>
      <ErrorBox error={error} />
      <div className="row board-tools">
        <label className="check">
          <input type="checkbox" checked={late} onChange={(e) => navigate(`/ky-thi/${id}${e.target.checked ? '?late=1' : ''}`, { replace: true })} /> Chỉ nơi báo cáo chậm
        </label>
        <button type="button" onClick={() => void csv()}>
          Tải CSV
        </button>
        {leader && (
          <button type="button" className="primary" disabled={busy} onClick={() => void remind()}>
            {busy ? 'Đang nhắc…' : 'Nhắc tất cả nơi chậm'}
          </button>
        )}
        {reminded && <span role="status">{reminded}</span>}
      </div>
      {board && (
        <>
          <p className="muted">Số liệu lúc {formatDateTime(board.at)}.</p>
          <Totals counts={board.counts} />
          <LateByAgency board={board} />
          {board.documents.length === 0 && <p className="empty">Chưa có văn bản nào của kỳ thi yêu cầu báo cáo.</p>}
          {board.documents.map((d) => (
            <DocumentGrid key={d.id} doc={d} sessions={board.campaign.sessions} />
          ))}
        </>
      )}
    </section>
  );
}

/** A fresh UUID for one click (crypto.randomUUID exists only on HTTPS or localhost; a phone on plain HTTP has getRandomValues). */
function clickId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Who is late, across every document of the campaign: a province with its late reports, the most first. */
function LateByAgency({ board }: { board: BoardView }) {
  const { agencyName } = useSession();
  const late = Object.entries(board.countsByAgency)
    .filter(([, c]) => c.late > 0)
    .sort((a, b) => b[1].late - a[1].late || a[0].localeCompare(b[0]));
  if (late.length === 0) return null;
  return (
    <p className="late-by-agency" data-testid="late-by-agency">
      <strong>Chậm báo cáo:</strong>{' '}
      {late.map(([code, c], i) => (
        <span key={code}>
          {i > 0 && ', '}
          {agencyName(code)} ({c.late})
        </span>
      ))}
    </p>
  );
}

function Totals({ counts }: { counts: BoardCounts }) {
  return (
    <ul className="totals" aria-label="Tổng số">
      {STATUS_ORDER.map((s) => (
        <li key={s} className={`total-${s}`}>
          <strong data-testid={`total-${s}`}>{counts[s]}</strong> {BOARD_STATUS_LABEL[s]}
        </li>
      ))}
    </ul>
  );
}

function DocumentGrid({ doc, sessions }: { doc: BoardDocument; sessions: BoardView['campaign']['sessions'] }) {
  const name = (col: string) => (col ? (sessions.find((s) => s.code === col)?.name ?? col) : 'Báo cáo kết quả');
  return (
    <div className="card board-doc" data-testid="board-doc">
      <h2>
        <Link to={`/van-ban/${doc.id}`}>{doc.number ?? 'Chưa số'}</Link> — {doc.title}
      </h2>
      <div className="grid-scroll">
        <table className="board-grid">
          <thead>
            <tr>
              <th scope="col">Nơi nhận</th>
              {doc.columns.map((col) => {
                const s = sessions.find((x) => x.code === col);
                return (
                  <th scope="col" key={col}>
                    {name(col)}
                    {s && <small>{formatDateTime(s.endsAt)}</small>}
                  </th>
                );
              })}
              <th scope="col">Quá hạn</th>
            </tr>
          </thead>
          <tbody>
            {doc.rows.map((r) => (
              <tr key={r.idx}>
                <th scope="row">{r.name}</th>
                {doc.columns.map((col) => (
                  <td key={col}>{r.cells[col] ? <Cell cell={r.cells[col]} /> : <span className="muted">—</span>}</td>
                ))}
                <td className={r.counts.late ? 'count late' : 'count'}>{r.counts.late}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Đã báo cáo / tổng</th>
              {doc.columns.map((col) => {
                const c = doc.countsByColumn[col];
                const total = c.submitted + c.pending + c.late + c.missing;
                return (
                  <td key={col} data-testid={`count-${col}`}>
                    {c.submitted}/{total}
                    {c.late > 0 && <span className="late"> · {c.late} chậm</span>}
                  </td>
                );
              })}
              <td className={doc.counts.late ? 'count late' : 'count'}>{doc.counts.late}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

function Cell({ cell }: { cell: BoardCell }) {
  const label = BOARD_STATUS_LABEL[cell.status] + (cell.submittedLate ? ' (muộn)' : '');
  const title = `Hạn ${formatDateTime(cell.dueAt)}${cell.submittedAt ? `; nộp ${formatDateTime(cell.submittedAt)}` : ''}`;
  return (
    <span className={`cell cell-${cell.status}${cell.submittedLate ? ' cell-tardy' : ''}`} title={title} data-status={cell.status}>
      {label}
    </span>
  );
}
