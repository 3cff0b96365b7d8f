import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, NOTIFIED_EVENT, request, type BatchResult, type Delegation, type QueueItem } from '../api';
import { Deadline, Empty, ErrorBox, Loading, MomentInput, UrgencyBadge, useLoad } from '../components/ui';
import { TYPE_LABEL, explainStatus, formatDateTime, isoToLocalInput, localInputToIso } from '../format';
import { Link } from '../router';
import { openPdf } from '../components/PdfPanel';
import { useSession } from '../session';
import { DOCUMENT_TYPE_CATALOGUE, isHeadPosition } from '../../../../libs/domain/src/types';
import type { SigningAuthorisationView } from '../../../../libs/domain/src/views';

/** A batch answer, with the title the page knew the document by. */
type SignResult = BatchResult & { title?: string };

/** POST /api/signing-queue/sign takes at most this many ids at once. */
const BATCH = 100;

/** Ký duyệt: the leader's queue in SPEC order, batch signing, return with a reason, and delegation. */
export function SigningQueuePage() {
  const { user, userName, refreshNotifications, isLeader } = useSession();
  const queue = useLoad(async () => {
    const { data, headers } = await request<QueueItem[]>('GET', '/api/signing-queue?limit=200');
    return { items: data, total: Number(headers.get('X-Total-Count') ?? data.length) };
  }, []);
  const [selected, setSelected] = useState<string[]>([]);
  const [results, setResults] = useState<SignResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [pdfError, setPdfError] = useState<unknown>(null);
  const [returning, setReturning] = useState<QueueItem | null>(null);
  const items = queue.data?.items ?? [];
  // A document sent for signature comes with a notification to the signer and their delegates: the queue
  // is read again when one is pushed.
  useEffect(() => {
    window.addEventListener(NOTIFIED_EVENT, queue.reload);
    return () => window.removeEventListener(NOTIFIED_EVENT, queue.reload);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // What left the queue (signed, returned, taken by someone else) is no longer selected.
  useEffect(() => {
    if (queue.data) setSelected((s) => s.filter((id) => queue.data!.items.some((i) => i.id === id)));
  }, [queue.data]);

  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const allSelected = items.length > 0 && items.every((i) => selected.includes(i.id));
  const signSelected = async () => {
    setBusy(true);
    setError(null);
    const titles = new Map(items.map((i) => [i.id, i.title]));
    try {
      const answers: BatchResult[] = [];
      for (let i = 0; i < selected.length; i += BATCH) {
        answers.push(...(await api.post<BatchResult[]>('/api/signing-queue/sign', { ids: selected.slice(i, i + BATCH) })));
      }
      setResults(answers.map((x) => ({ ...x, title: titles.get(x.id) })));
      setSelected([]);
      queue.reload();
      refreshNotifications();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="signing">
      <h1>Ký duyệt</h1>
      <p className="muted">Sắp theo độ khẩn (Hỏa tốc, Thượng khẩn, Khẩn, Thường), rồi theo hạn ký sớm nhất.</p>
      <ErrorBox error={queue.error ?? error ?? pdfError} />
      {results && (
        <div className="card" role="status" aria-label="Kết quả ký">
          <h2>Kết quả ký</h2>
          <ul>
            {results.map((r) => (
              <li key={r.id} className={r.status === 200 ? 'ok' : 'bad'}>
                <Link to={`/van-ban/${r.id}`}>{r.title ?? r.id}</Link>: {r.status === 200 ? `đã ký, số ${r.number}` : `không ký được — ${explainStatus(r.status)}${r.message ? ` (${r.message})` : ''}`}
              </li>
            ))}
          </ul>
          <button className="link" onClick={() => setResults(null)}>
            Đóng
          </button>
        </div>
      )}
      {queue.loading && !queue.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>Không có văn bản nào chờ bạn ký.</Empty>
      ) : (
        <>
          <div className="toolbar row">
            <label className="check">
              <input type="checkbox" checked={allSelected} onChange={() => setSelected(allSelected ? [] : items.map((i) => i.id))} />
              Chọn tất cả ({items.length})
            </label>
            {(queue.data?.total ?? 0) > items.length && (
              <span className="muted">
                Đang hiện {items.length}/{queue.data!.total} văn bản khẩn nhất; ký xong sẽ hiện tiếp.
              </span>
            )}
            <button className="primary" disabled={!selected.length || busy} onClick={() => void signSelected()}>
              {busy ? 'Đang ký…' : `Ký ${selected.length} văn bản đã chọn`}
            </button>
          </div>
          <ul className="cards queue" aria-label="Văn bản chờ ký">
            {items.map((i) => (
              <li key={i.id} className={`card ${i.overdue ? 'overdue' : ''} ${selected.includes(i.id) ? 'selected' : ''}`}>
                <label className="check select">
                  <input type="checkbox" checked={selected.includes(i.id)} onChange={() => toggle(i.id)} aria-label={`Chọn: ${i.title}`} />
                </label>
                <div className="grow">
                  <div className="row">
                    <UrgencyBadge urgency={i.urgency} />
                    <span className="badge kind">{TYPE_LABEL[i.type] ?? i.type}</span>
                    {i.signingAuthority && <span className="badge">{i.signingAuthority}.</span>}
                  </div>
                  <Link to={`/van-ban/${i.id}`} className="title">
                    {i.title}
                  </Link>
                  <div>
                    Hạn ký: <Deadline at={i.signatureDeadline} />
                  </div>
                  {i.onBehalfOf && <div className="muted">Ký thay cho {userName(i.onBehalfOf)} (được ủy quyền)</div>}
                </div>
                <button onClick={() => void openPdf(i).catch(setPdfError)} aria-label={`Xem PDF: ${i.title}`}>
                  Xem PDF
                </button>
                {i.availableEvents.includes('RETURN') && (
                  <button onClick={() => setReturning(i)} aria-label={`Trả lại: ${i.title}`}>
                    Trả lại
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {returning && (
        <ReturnDialog
          item={returning}
          onClose={(changed) => {
            setReturning(null);
            if (changed) queue.reload();
          }}
        />
      )}
      {isLeader && <Delegations />}
      {isHeadPosition(user.position) && <Authorisations />}
    </section>
  );
}

function ReturnDialog({ item, onClose }: { item: QueueItem; onClose: (changed: boolean) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  // A real modal: focus stays inside, Escape closes it, and focus goes back to the button that opened it.
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    return () => opener?.focus();
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/api/documents/${item.id}/events`, { type: 'RETURN', reason });
      onClose(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <dialog ref={dialog} className="card dialog" aria-labelledby="return-title" onCancel={(e) => { e.preventDefault(); onClose(false); }}>
      <form onSubmit={submit}>
        <h2 id="return-title">Trả lại văn bản</h2>
        <p>{item.title}</p>
        <label>
          Lý do trả lại
          <textarea name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required autoFocus />
        </label>
        <ErrorBox error={error} />
        <div className="row">
          <button type="submit" className="primary" disabled={!reason.trim()}>
            Trả lại cho đơn vị soạn thảo
          </button>
          <button type="button" onClick={() => onClose(false)}>
            Hủy
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** Whether a delegation is in force now, still to come, over, or revoked. */
function delegationStatus(d: Delegation, now: number): string {
  if (d.revokedAt) return 'Đã thu hồi';
  if (now < new Date(d.from).getTime()) return 'Chưa đến thời gian hiệu lực';
  if (now >= new Date(d.until).getTime()) return 'Đã hết hạn';
  return 'Đang hiệu lực';
}

/**
 * A list of grants the caller gives and takes back (delegations, written authorisations): the list, one
 * `give` that posts and reloads, one `revoke` that deletes and reloads, and the error of the last.
 */
function useGrants<T>(path: string) {
  const list = useLoad(() => api.get<T[]>(path), []);
  const [error, setError] = useState<unknown>(null);
  const act = async (call: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await call();
      list.reload();
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  return {
    list,
    error: error ?? list.error,
    give: (body: Record<string, unknown>) => act(() => api.post(path, body)),
    revoke: (id: string) => act(() => api.delete(`${path}/${id}`)),
  };
}

/** Whether a grant may still be taken back: not revoked, not over. */
const revocable = (g: { revokedAt: string | null; until: string }) => !g.revokedAt && Date.now() < new Date(g.until).getTime();

function Delegations() {
  const { user, org, userName } = useSession();
  const { list, error, give, revoke } = useGrants<Delegation>('/api/delegations');
  const [to, setTo] = useState('');
  const [from, setFrom] = useState(() => isoToLocalInput(new Date()));
  const [until, setUntil] = useState(() => isoToLocalInput(new Date(Date.now() + 7 * 86_400_000)));
  const candidates = org.users.filter((u) => u.agencyCode === user.agencyCode && u.username !== user.username && u.position !== 'admin');
  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (await give({ to, from: localInputToIso(from), until: localInputToIso(until) })) setTo('');
  };
  return (
    <section className="card">
      <h2>Ủy quyền ký</h2>
      <p className="muted">Người được ủy quyền ký thay bạn trong khoảng thời gian đã chọn; không được ủy quyền tiếp.</p>
      <form className="row wrap" onSubmit={create} aria-label="Ủy quyền mới">
        <label>
          Người được ủy quyền
          <select value={to} onChange={(e) => setTo(e.target.value)} required>
            <option value="">— Chọn —</option>
            {candidates.map((u) => (
              <option key={u.username} value={u.username}>
                {u.fullName} — {u.title}
              </option>
            ))}
          </select>
        </label>
        <MomentInput label="Từ" value={from} onChange={setFrom} required />
        <MomentInput label="Đến" value={until} onChange={setUntil} required />
        <button type="submit">Ủy quyền</button>
      </form>
      <ErrorBox error={error} />
      {list.data && list.data.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Người được ủy quyền</th>
              <th>Từ</th>
              <th>Đến</th>
              <th>Tình trạng</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => (
              <tr key={d.id}>
                <td data-label="Người được ủy quyền">{userName(d.to)}</td>
                <td data-label="Từ">{formatDateTime(d.from)}</td>
                <td data-label="Đến">{formatDateTime(d.until)}</td>
                <td data-label="Tình trạng">{delegationStatus(d, Date.now())}</td>
                <td>
                  {revocable(d) && (
                    <button className="link" onClick={() => void revoke(d.id)}>
                      Thu hồi
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * Giao ký thừa ủy quyền (Nghị định 30 Điều 13.3): the head authorises a unit head, in writing, to sign
 * "TUQ." the types chosen, for a period; the authorisation's number is kept, printed nowhere.
 */
function Authorisations() {
  const { user, org, userName } = useSession();
  const { list, error, give, revoke } = useGrants<SigningAuthorisationView>('/api/authorisations');
  const [to, setTo] = useState('');
  const [reference, setReference] = useState('');
  const [types, setTypes] = useState<string[]>(['CV']);
  const [from, setFrom] = useState(() => isoToLocalInput(new Date()));
  const [until, setUntil] = useState(() => isoToLocalInput(new Date(Date.now() + 180 * 86_400_000)));
  const unitHeads = org.users.filter((u) => u.agencyCode === user.agencyCode && u.position === 'unit_head' && !u.disabled);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (await give({ to, reference, types, from: localInputToIso(from), until: localInputToIso(until) })) {
      setTo('');
      setReference('');
    }
  };
  return (
    <section className="card">
      <h2>Giao ký thừa ủy quyền (TUQ.)</h2>
      <p className="muted">Bằng văn bản, có thời hạn và phạm vi; người được ủy quyền không ủy quyền lại. Số văn bản ủy quyền được lưu trong lịch sử, không in trên văn bản.</p>
      <form className="row wrap" onSubmit={create} aria-label="Ủy quyền ký TUQ mới">
        <label>
          Người đứng đầu đơn vị
          <select value={to} onChange={(e) => setTo(e.target.value)} required>
            <option value="">— Chọn —</option>
            {unitHeads.map((u) => (
              <option key={u.username} value={u.username}>
                {u.fullName} — {u.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Số văn bản ủy quyền
          <input value={reference} onChange={(e) => setReference(e.target.value)} placeholder="15/GUQ-BGDĐT" maxLength={100} required />
        </label>
        <label>
          Loại văn bản được ký
          <select multiple size={6} value={types} onChange={(e) => setTypes([...e.target.selectedOptions].map((o) => o.value))} required>
            {DOCUMENT_TYPE_CATALOGUE.map((t) => (
              <option key={t.code} value={t.code}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <MomentInput label="Từ" value={from} onChange={setFrom} required />
        <MomentInput label="Đến" value={until} onChange={setUntil} required />
        <button type="submit">Giao ký</button>
      </form>
      <ErrorBox error={error} />
      {list.data && list.data.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Người được ủy quyền</th>
              <th>Văn bản ủy quyền</th>
              <th>Loại văn bản</th>
              <th>Đến</th>
              <th>Tình trạng</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((a) => (
              <tr key={a.id}>
                <td data-label="Người được ủy quyền">{userName(a.to)}</td>
                <td data-label="Văn bản ủy quyền">{a.reference}</td>
                <td data-label="Loại văn bản">{a.types.join(', ')}</td>
                <td data-label="Đến">{formatDateTime(a.until)}</td>
                <td data-label="Tình trạng">{delegationStatus(a, Date.now())}</td>
                <td>
                  {revocable(a) && (
                    <button className="link" onClick={() => void revoke(a.id)}>
                      Thu hồi
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
