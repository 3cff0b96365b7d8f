import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, getBlob, openBlob, postForm, saveBlob, type Doc, type HistoryEntry, type Incoming, type IncomingFileView } from '../api';
import { fileSize } from '../components/Files';
import { Deadline, ErrorBox, Loading, MomentInput, UrgencyBadge, useLoad } from '../components/ui';
import { INCOMING_EVENT_LABEL, INCOMING_STATE_LABEL, TYPE_LABEL, URGENCY_LABEL, formatDateTime, localInputToIso } from '../format';
import { Link, navigate } from '../router';
import { useSession } from '../session';

/**
 * One văn bản đến: what it is and where it came from, its số đến, the
 * leader's distribution and instruction, the unit's progress and answer,
 * its history with the chain check; and the form of each event the caller
 * may send now.
 */
export function IncomingItemPage({ id }: { id: string }) {
  const { userName, unitName } = useSession();
  const item = useLoad(() => api.get<Incoming>(`/api/incoming/${id}`), [id]);
  const history = useLoad(() => api.get<HistoryEntry[]>(`/api/incoming/${id}/history`), [id]);
  const chain = useLoad(() => api.get<{ valid: boolean }>(`/api/incoming/${id}/history/verify`), [id]);
  const reload = () => {
    item.reload();
    history.reload();
    chain.reload();
  };
  if (item.error) return <ErrorBox error={item.error} />;
  if (!item.data) return <Loading />;
  const i = item.data;
  const unit = (code: string) => unitName(i.agencyCode, code);
  return (
    <section>
      <p>
        <Link to="/van-ban-den">← Văn bản đến</Link>
      </p>
      <div className="heading">
        <h1>
          {TYPE_LABEL[i.type] ?? i.type} {i.number ? `số ${i.number}` : ''}: {i.title}
        </h1>
        <span className={`badge state incoming-${i.state}`} data-testid="incoming-state">
          {INCOMING_STATE_LABEL[i.state]}
        </span>
      </div>
      <dl className="meta">
        <dt>Số đến</dt>
        <dd data-testid="incoming-number">{i.incomingNumber !== null ? `${i.incomingNumber} (${i.incomingYear})` : 'Chưa vào sổ'}</dd>
        <dt>Tác giả</dt>
        <dd>{i.sender}</dd>
        <dt>Ngày văn bản</dt>
        <dd>{formatDateTime(i.issuedAt)}</dd>
        <dt>Độ khẩn</dt>
        <dd>{i.urgency === 'normal' ? URGENCY_LABEL.normal : <UrgencyBadge urgency={i.urgency} />}</dd>
        <dt>Ngày đến</dt>
        <dd>{formatDateTime(i.receivedAt)}</dd>
        {i.registrationDeadline && (
          <>
            <dt>Hạn vào sổ</dt>
            <dd>
              <Deadline at={i.registrationDeadline} done={i.state !== 'received'} />
            </dd>
          </>
        )}
        {i.sourceDocumentId && (
          <>
            <dt>Văn bản gốc</dt>
            <dd>
              <Link to={`/van-ban/${i.sourceDocumentId}`}>Mở văn bản {i.number}</Link>
              {i.source && (
                <span className="muted">
                  {' '}
                  — {i.source.acknowledgedAt ? `đã xác nhận nhận ${formatDateTime(i.source.acknowledgedAt)}` : 'chưa xác nhận nhận'}
                  {i.source.reportStatus === 'pending' ? '; cơ quan phải báo cáo' : i.source.reportStatus === 'submitted' ? '; đã báo cáo' : ''}
                </span>
              )}
            </dd>
          </>
        )}
        {i.assignment && (
          <>
            <dt>Đơn vị chủ trì</dt>
            <dd data-testid="incoming-lead">{unit(i.assignment.lead)}</dd>
            {i.assignment.cooperating.length > 0 && (
              <>
                <dt>Phối hợp</dt>
                <dd>{i.assignment.cooperating.map(unit).join('; ')}</dd>
              </>
            )}
            {i.assignment.info.length > 0 && (
              <>
                <dt>Để biết</dt>
                <dd>{i.assignment.info.map(unit).join('; ')}</dd>
              </>
            )}
            <dt>Hạn giải quyết</dt>
            <dd>
              <Deadline at={i.assignment.deadline} done={i.state === 'done'} anchor={i.anchors?.deadline} />
            </dd>
            {i.assignment.instruction && (
              <>
                <dt>Ý kiến chỉ đạo</dt>
                <dd>
                  {i.assignment.instruction} <span className="muted">— {userName(i.assignment.assignedBy)}</span>
                </dd>
              </>
            )}
          </>
        )}
        {i.handler && (
          <>
            <dt>Người giải quyết</dt>
            <dd data-testid="incoming-handler">
              {userName(i.handler.username)}
              {i.handler.deadline && (
                <>
                  {' '}
                  — hạn <Deadline at={i.handler.deadline} done={i.state === 'done'} anchor={i.anchors?.handlerDeadline} />
                </>
              )}{' '}
              <span className="muted">(giao bởi {userName(i.handler.assignedBy)})</span>
            </dd>
          </>
        )}
        {i.summary && (
          <>
            <dt>Kết quả</dt>
            <dd>{i.summary}</dd>
          </>
        )}
        {i.returnReason && (
          <>
            <dt>Lý do trả lại</dt>
            <dd>{i.returnReason}</dd>
          </>
        )}
      </dl>
      <p>
        <button onClick={() => void openBlob(`/api/incoming/${i.id}/slip.pdf`)}>Phiếu giải quyết văn bản đến (PDF)</button>
      </p>
      <ItemFiles item={i} onChanged={reload} />
      <Answers item={i} />
      <h2>Thao tác</h2>
      {i.availableEvents.length === 0 ? <p className="muted">Không có thao tác nào dành cho bạn.</p> : <Actions item={i} onDone={reload} />}
      <h2>Lịch sử xử lý</h2>
      {chain.data && (
        <p className={chain.data.valid ? 'success' : 'error'}>{chain.data.valid ? 'Chuỗi lịch sử toàn vẹn.' : 'Chuỗi lịch sử đã bị thay đổi!'}</p>
      )}
      <ol className="timeline" aria-label="Lịch sử văn bản đến">
        {(history.data ?? []).map((e) => (
          <li key={e.seq}>
            <strong>{INCOMING_EVENT_LABEL[e.event] ?? e.event}</strong> — {userName(e.actor)}, {formatDateTime(e.at)}
            {describe(e.payload as Record<string, unknown>, userName)}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * Tệp đính kèm: the scan of what came on paper and the unit's working
 * files, each downloadable; the clerk (until done) and the assigned units
 * (while they work on it) attach more. The server decides in the end.
 */
function ItemFiles({ item, onChanged }: { item: Incoming; onChanged: () => void }) {
  const { user, userName } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  const files = item.files ?? [];
  const open = ['received', 'registered', 'assigned', 'in_progress'].includes(item.state);
  const working =
    user.unitCode !== null && !!item.assignment && [item.assignment.lead, ...item.assignment.cooperating].includes(user.unitCode) && ['assigned', 'in_progress'].includes(item.state);
  const mayAttach = user.agencyCode === item.agencyCode && ((user.position === 'clerk' && open) || working);
  const upload = async (list: FileList | null) => {
    if (!list?.length) return;
    setBusy(true);
    setError(null);
    try {
      for (const file of Array.from(list)) {
        const form = new FormData();
        form.append('file', file, file.name);
        await postForm<IncomingFileView>(`/api/incoming/${item.id}/files`, form);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
      onChanged();
    }
  };
  const download = async (f: IncomingFileView) => {
    setError(null);
    try {
      saveBlob(await getBlob(`/api/incoming/${item.id}/files/${f.id}`), f.name);
    } catch (e) {
      setError(e);
    }
  };
  if (!mayAttach && files.length === 0) return null;
  return (
    <section aria-labelledby="incoming-files-title">
      <h2 id="incoming-files-title">Tệp đính kèm</h2>
      {files.length > 0 && (
        <ul className="files">
          {files.map((f) => (
            <li key={f.id}>
              {f.name} <span className="muted">({fileSize(f.size)}) — {userName(f.uploadedBy)}, {formatDateTime(f.uploadedAt)}</span>{' '}
              <button className="link" aria-label={`Tải về ${f.name}`} onClick={() => void download(f)}>
                Tải về
              </button>
            </li>
          ))}
        </ul>
      )}
      {mayAttach && (
        <label className="upload">
          {user.position === 'clerk' ? 'Đính kèm bản quét: ' : 'Đính kèm tệp: '}
          <input ref={input} type="file" multiple disabled={busy} onChange={(e) => void upload(e.target.files)} />
        </label>
      )}
      {busy && <p className="muted">Đang tải lên…</p>}
      {error !== null && <ErrorBox error={error} />}
    </section>
  );
}

/**
 * Văn bản trả lời: the agency's numbered documents that answer the item;
 * for the lead unit, a draft công văn that cites it (SPEC §9 `references`),
 * opened to be written.
 */
function Answers({ item }: { item: Incoming }) {
  const { user } = useSession();
  const [error, setError] = useState<unknown>(null);
  const answers = item.answeredBy ?? [];
  const lead = !!item.assignment && user.unitCode === item.assignment.lead && (user.position === 'officer' || user.position === 'unit_head');
  if (!lead && answers.length === 0) return null;
  const draft = async () => {
    setError(null);
    try {
      const reference = item.sourceDocumentId
        ? { documentId: item.sourceDocumentId }
        : { number: item.number ?? '', issuedAt: item.issuedAt ?? undefined, title: item.title };
      const doc = await api.post<Doc>('/api/documents', { type: 'CV', title: `V/v trả lời ${TYPE_LABEL[item.type] ?? ''} số ${item.number ?? ''}`.replace(/\s+/g, ' '), references: [reference] });
      navigate(`/van-ban/${doc.id}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="answers-title">
      <h2 id="answers-title">Văn bản trả lời</h2>
      {answers.length > 0 ? (
        <ul>
          {answers.map((a) => (
            <li key={a.documentId}>
              <Link to={`/van-ban/${a.documentId}`}>Số {a.number}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Chưa có văn bản trả lời đã ban hành.</p>
      )}
      {lead && <button onClick={() => void draft()}>Soạn văn bản trả lời</button>}
      {error !== null && <ErrorBox error={error} />}
    </section>
  );
}

function describe(p: Record<string, unknown>, userName: (u: string) => string): ReactNode {
  const parts = [
    p.incomingNumber ? `số đến ${p.incomingNumber}` : null,
    p.comment ? String(p.comment) : null,
    p.summary ? String(p.summary) : null,
    p.instruction ? String(p.instruction) : null,
    p.reason ? String(p.reason) : null,
    p.name ? String(p.name) : null,
    p.handler ? `giao cho ${userName(String(p.handler))}` : null,
  ].filter(Boolean);
  return parts.length ? <div className="muted">{parts.join(' · ')}</div> : null;
}

function Actions({ item, onDone }: { item: Incoming; onDone: () => void }) {
  const { org, user } = useSession();
  const [open, setOpen] = useState<string | null>(null);
  const [handler, setHandler] = useState('');
  const [handlerDeadline, setHandlerDeadline] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [lead, setLead] = useState('');
  const [cooperating, setCooperating] = useState<string[]>([]);
  const [workingDays, setWorkingDays] = useState('10');
  const [deadline, setDeadline] = useState('');
  const [text, setText] = useState('');
  const [report, setReport] = useState('');
  const units = org.units.filter((u) => u.agencyCode === item.agencyCode);
  const send = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/incoming/${item.id}/events`, { ...body, expectedVersion: item.version });
      setOpen(null);
      setText('');
      setReport('');
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (open === 'ASSIGN') {
      const at = deadline ? localInputToIso(deadline) : null;
      void send({ type: 'ASSIGN', lead, cooperating, ...(at ? { deadline: at } : { workingDays: Number(workingDays) }), ...(text.trim() ? { instruction: text.trim() } : {}) });
    } else if (open === 'UPDATE') {
      const due = handler && handlerDeadline ? localInputToIso(handlerDeadline) : null;
      void send({ type: 'UPDATE', comment: text, ...(handler ? { handler } : {}), ...(due ? { handlerDeadline: due } : {}) });
    }
    else if (open === 'COMPLETE') void send({ type: 'COMPLETE', summary: text, ...(report.trim() ? { report: report.trim() } : {}) });
    else if (open === 'RETURN_TO_SENDER') void send({ type: 'RETURN_TO_SENDER', reason: text });
  };
  const owesReport = item.source?.reportStatus === 'pending';
  // The lead unit's head may give it to one of the unit (Phụ lục IV VII mục 2).
  const unitLeader = user.position === 'unit_head' && !!item.assignment && user.unitCode === item.assignment.lead;
  const unitPeople = org.users.filter((u) => u.agencyCode === item.agencyCode && u.unitCode === item.assignment?.lead && u.username !== user.username);
  return (
    <div className="card">
      <div className="row">
        {item.availableEvents.map((e) =>
          e === 'REGISTER' ? (
            <button key={e} className="primary" disabled={busy} onClick={() => void send({ type: 'REGISTER' })}>
              Vào sổ
            </button>
          ) : (
            <button key={e} className={open === e ? 'primary' : ''} onClick={() => setOpen(open === e ? null : e)}>
              {INCOMING_EVENT_LABEL[e]}
            </button>
          ),
        )}
      </div>
      {open && (
        <form className="form event-form" onSubmit={submit} aria-label={INCOMING_EVENT_LABEL[open]}>
          {open === 'ASSIGN' && (
            <>
              <label>
                Đơn vị chủ trì
                <select value={lead} onChange={(e) => setLead(e.target.value)} required>
                  <option value="">— chọn —</option>
                  {units.map((u) => (
                    <option key={u.code} value={u.code}>
                      {u.name}
                    </option>
                  ))}
                </select>
              </label>
              <fieldset>
                <legend>Đơn vị phối hợp</legend>
                {units
                  .filter((u) => u.code !== lead)
                  .map((u) => (
                    <label key={u.code} className="check">
                      <input
                        type="checkbox"
                        checked={cooperating.includes(u.code)}
                        onChange={(e) => setCooperating(e.target.checked ? [...cooperating, u.code] : cooperating.filter((c) => c !== u.code))}
                      />{' '}
                      {u.name}
                    </label>
                  ))}
              </fieldset>
              <label>
                Thời hạn (số ngày làm việc)
                <input type="number" min={1} max={365} value={workingDays} onChange={(e) => setWorkingDays(e.target.value)} disabled={!!deadline} />
              </label>
              <MomentInput label="hoặc hạn cụ thể" value={deadline} onChange={setDeadline} />
            </>
          )}
          {open === 'UPDATE' && unitLeader && (
            <>
              <label>
                Giao cho cá nhân (ý kiến của lãnh đạo đơn vị)
                <select value={handler} onChange={(e) => setHandler(e.target.value)}>
                  <option value="">— không giao, chỉ cập nhật tiến độ —</option>
                  {unitPeople.map((u) => (
                    <option key={u.username} value={u.username}>
                      {u.title} {u.fullName}
                    </option>
                  ))}
                </select>
              </label>
              {handler && <MomentInput label="Hạn cho cá nhân" value={handlerDeadline} onChange={setHandlerDeadline} />}
            </>
          )}
          <label>
            {open === 'ASSIGN' ? 'Ý kiến chỉ đạo' : open === 'UPDATE' ? (handler ? 'Ý kiến' : 'Tiến độ') : open === 'COMPLETE' ? 'Kết quả giải quyết' : 'Lý do trả lại'}
            <textarea value={text} onChange={(e) => setText(e.target.value)} required={open !== 'ASSIGN'} rows={3} />
          </label>
          {open === 'COMPLETE' && owesReport && (
            <label>
              Báo cáo gửi cơ quan ban hành (bắt buộc: văn bản gốc yêu cầu báo cáo)
              <textarea value={report} onChange={(e) => setReport(e.target.value)} required rows={4} />
            </label>
          )}
          <ErrorBox error={error} />
          <button className="primary" type="submit" disabled={busy}>
            Xác nhận: {INCOMING_EVENT_LABEL[open]}
          </button>
        </form>
      )}
      {!open && <ErrorBox error={error} />}
    </div>
  );
}
