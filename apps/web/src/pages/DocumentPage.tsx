import { useEffect, useRef, useState } from 'react';
import { api, type Doc, type HistoryEntry, type WorkflowDefinition } from '../api';
import { EventForm } from '../components/EventForm';
import { Deadline, ErrorBox, Loading, SecrecyBadge, StateBadge, UrgencyBadge, useCampaign, useLoad } from '../components/ui';
import { Files } from '../components/Files';
import { PdfPanel } from '../components/PdfPanel';
import { WorkflowDiagram } from '../components/WorkflowDiagram';
import {
  CONSULTATION_LABEL,
  EVENT_LABEL,
  PURPOSE_LABEL,
  REPORT_LABEL,
  STATE_LABEL,
  TYPE_LABEL,
  URGENCIES,
  URGENCY_LABEL,
  FIELD_LABEL,
  formatDateTime,
} from '../format';
import { Link } from '../router';
import { useSession } from '../session';

/** GET /api/documents/:id/signature: the content signature, and the stored PDF's signatures. */
export interface Signature {
  algorithm: string;
  publicKey: string;
  signature: string;
  valid: boolean;
  pdf?: { signatures: Array<{ signer: string; subject: string; signedAt: string | null; valid: boolean }> };
}

/** One document: what it is, where it stands, who has answered, its history and workflow, and what the caller may do now. */
export function DocumentPage({ id }: { id: string }) {
  const [doc, setDoc] = useState<Doc | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const { refreshNotifications, user } = useSession();
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus(); // the form is gone: the keyboard lands on what happened
  }, [done]);

  useEffect(() => {
    let live = true;
    api.get<Doc>(`/api/documents/${id}`).then(
      (d) => live && (setDoc(d), setError(null)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [id, tick]);

  // The signatures, read once for the page (Thông tin and Văn bản PDF both show them).
  const signature = useLoad<Signature | null>(
    () => (doc?.number ? api.get<Signature>(`/api/documents/${doc.id}/signature`) : Promise.resolve(null)),
    [doc?.id, doc?.number, doc?.version],
  );

  if (!doc) return error ? <ErrorBox error={error} /> : <Loading />;

  const after = (event: string) => (next: Doc) => {
    setDoc(next);
    setOpen(null);
    setDone(`Đã thực hiện: ${EVENT_LABEL[event] ?? event}. Trạng thái hiện tại: ${STATE_LABEL[next.state]}.`);
    setTick((t) => t + 1);
    refreshNotifications();
  };

  return (
    <article className="document">
      <p>
        <Link to="/van-ban">← Danh sách văn bản</Link>
      </p>
      <div className="heading">
        <h1>
          {TYPE_LABEL[doc.type] ?? doc.type}: {doc.title}
        </h1>
        <div className="row">
          <StateBadge state={doc.state} />
          <UrgencyBadge urgency={doc.urgency} />
          <SecrecyBadge confidentiality={doc.confidentiality} />
        </div>
      </div>
      <ErrorBox error={error} />
      {done && (
        <p className="success" role="status" tabIndex={-1} ref={doneRef}>
          {done}
        </p>
      )}

      <section className="actions" aria-label="Thao tác">
        <h2>Thao tác</h2>
        {doc.availableEvents.length === 0 ? (
          <p className="muted">Bạn không có thao tác nào với văn bản ở trạng thái này.</p>
        ) : (
          <div className="row">
            {doc.availableEvents.map((e) => (
              <button key={e} className={open === e ? 'primary' : ''} aria-expanded={open === e} onClick={() => { setOpen(open === e ? null : e); setDone(null); }}>
                {EVENT_LABEL[e] ?? e}
              </button>
            ))}
          </div>
        )}
        {open && <EventForm key={`${open}:${doc.version}`} doc={doc} event={open} onDone={after(open)} onCancel={() => setOpen(null)} onReload={() => { setOpen(null); setTick((t) => t + 1); }} />}
        {doc.state === 'draft' && user.agencyCode === doc.agencyCode && user.unitCode === doc.unitCode && <EditDraft key={doc.version} doc={doc} onSaved={(d) => { setDoc(d); setTick((t) => t + 1); }} />}
      </section>

      <div className="columns">
        <div>
          <Metadata doc={doc} signature={signature.data ?? null} />
          <PdfPanel doc={doc} signature={signature.data ?? null} />
          <Files doc={doc} onChanged={() => setTick((t) => t + 1)} />
          <Consultations doc={doc} />
          <Recipients doc={doc} />
          {doc.body && (
            <section>
              <h2>Nội dung</h2>
              <div className="body">{doc.body}</div>
            </section>
          )}
        </div>
        <div>
          <History id={doc.id} version={doc.version} />
          <Workflow doc={doc} tick={tick} />
        </div>
      </div>
    </article>
  );
}

function Metadata({ doc, signature }: { doc: Doc; signature: Signature | null }) {
  const { userName, unitName } = useSession();
  const campaign = useCampaign(doc.campaignId);
  const anchored = (field: string) => ({ anchor: doc.anchors[field], campaign });
  return (
    <section>
      <h2>Thông tin</h2>
      <dl className="meta">
        <dt>Số, ký hiệu</dt>
        <dd data-testid="doc-number">{doc.number ?? 'Chưa cấp số'}</dd>
        <dt>Ngày ban hành</dt>
        <dd>{formatDateTime(doc.issuedAt)}</dd>
        <dt>Đơn vị soạn thảo</dt>
        <dd>{unitName(doc.agencyCode, doc.unitCode)}</dd>
        <dt>Người soạn</dt>
        <dd>{userName(doc.drafter)}</dd>
        <dt>Người ký</dt>
        <dd>
          {doc.signer ? userName(doc.signer) : '—'}
          {doc.signingAuthority && ` (${doc.signingAuthority}.)`}
        </dd>
        {doc.signatureBlock && (
          <>
            <dt>Thể thức ký</dt>
            <dd className="signature-block" data-testid="signature-block">
              {doc.signatureBlock.split(' / ').map((line, i) => (
                <div key={i}>{line}</div>
              ))}
            </dd>
          </>
        )}
        {signature && (
          <>
            <dt>Chữ ký số</dt>
            <dd className={signature.valid ? 'ok' : 'bad'}>
              {signature.valid ? `Hợp lệ (${signature.algorithm})` : 'KHÔNG hợp lệ: nội dung hoặc số đã bị thay đổi sau khi ký'}
            </dd>
          </>
        )}
        <dt>Hạn lấy ý kiến</dt>
        <dd>
          <Deadline at={doc.consultationDeadline} done={doc.state !== 'consulting'} {...anchored('consultationDeadline')} />
        </dd>
        <dt>Hạn ký</dt>
        <dd>
          <Deadline at={doc.signatureDeadline} done={doc.state !== 'awaiting_signature'} {...anchored('signatureDeadline')} />
        </dd>
        <dt>Hạn phát hành</dt>
        <dd>
          <Deadline at={doc.disseminationDeadline} done={doc.state !== 'signed'} />
        </dd>
        <dt>Hạn báo cáo</dt>
        <dd>
          <Deadline at={doc.reportDeadline} done={doc.state !== 'disseminated'} {...anchored('reportDeadline')} />
        </dd>
        {doc.proposedReportDeadline && doc.state !== 'disseminated' && doc.state !== 'reported' && (
          <>
            <dt>Hạn báo cáo đề xuất</dt>
            <dd>
              <Deadline at={doc.proposedReportDeadline} done {...anchored('proposedReportDeadline')} />
            </dd>
          </>
        )}
        {doc.campaignId && (
          <>
            <dt>Kỳ thi</dt>
            <dd data-testid="campaign">{campaign ? `${campaign.name} (${campaign.code})` : '…'}</dd>
          </>
        )}
        {doc.references.length > 0 && (
          <>
            <dt>Căn cứ, trả lời</dt>
            <dd data-testid="references">
              {doc.references.map((r, n) => (
                <div key={n}>
                  {r.documentId ? <Link to={`/van-ban/${r.documentId}`}>Số {r.number}</Link> : `Số ${r.number}`}
                  {r.issuedAt ? ` ngày ${formatDateTime(r.issuedAt).slice(0, 10)}` : ''} — {r.title}
                </div>
              ))}
            </dd>
          </>
        )}
        {doc.recall && (
          <>
            <dt>Thu hồi</dt>
            <dd data-testid="recall" className="error">
              {formatDateTime(doc.recall.at)}: {doc.recall.reason}
            </dd>
          </>
        )}
        {(doc.corrects || doc.replaces) && (
          <>
            <dt>{doc.corrects ? 'Đính chính văn bản' : 'Thay thế văn bản'}</dt>
            <dd data-testid="amends">
              <Link to={`/van-ban/${doc.corrects ?? doc.replaces}`}>
                {doc.references.find((r) => r.documentId === (doc.corrects ?? doc.replaces))?.number || 'văn bản gốc'}
              </Link>
            </dd>
          </>
        )}
        {doc.amendments.length > 0 && (
          <>
            <dt>Đính chính, thay thế</dt>
            <dd data-testid="amendments">
              {doc.amendments.map((a) => (
                <div key={a.documentId}>
                  {a.kind === 'correction' ? 'Đính chính' : 'Thay thế'}: <Link to={`/van-ban/${a.documentId}`}>{a.number ? `Số ${a.number}` : 'dự thảo'}</Link>{' '}
                  <StateBadge state={a.state} />
                </div>
              ))}
              {doc.replacedBy && <strong>Văn bản này đã bị thay thế bởi văn bản số {doc.replacedBy.number}.</strong>}
            </dd>
          </>
        )}
        <dt>Tạo lúc</dt>
        <dd>{formatDateTime(doc.createdAt)}</dd>
        <dt>Phiên bản</dt>
        <dd>{doc.version}</dd>
        {doc.closingSummary && (
          <>
            <dt>Kết quả</dt>
            <dd>{doc.closingSummary}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Consultations({ doc }: { doc: Doc }) {
  const { unitName, userName } = useSession();
  if (!doc.consultations.length) return null;
  return (
    <section>
      <h2>Lấy ý kiến</h2>
      <table className="list" aria-label="Ý kiến các đơn vị">
        <thead>
          <tr>
            <th>Đơn vị</th>
            <th>Ý kiến</th>
            <th>Góp ý</th>
            <th>Thời điểm</th>
          </tr>
        </thead>
        <tbody>
          {doc.consultations.map((c) => (
            <tr key={`${c.agencyCode}/${c.unitCode}`}>
              <td data-label="Đơn vị">{unitName(c.agencyCode, c.unitCode)}</td>
              <td data-label="Ý kiến">
                <span className={`badge consult-${c.status}`}>{CONSULTATION_LABEL[c.status]}</span>
              </td>
              <td data-label="Góp ý">
                {c.comment ?? '—'}
                {c.answeredBy && <div className="muted">{userName(c.answeredBy)}</div>}
              </td>
              <td data-label="Thời điểm">
                {formatDateTime(c.answeredAt)}
                {c.onRevision !== null && c.answeredAt && <div className="muted">trên dự thảo lần {c.onRevision}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Recipients({ doc }: { doc: Doc }) {
  const { recipientName } = useSession();
  if (!doc.recipients.length) return null;
  return (
    <section>
      <h2>Nơi nhận</h2>
      <table className="list" aria-label="Nơi nhận">
        <thead>
          <tr>
            <th>Nơi nhận</th>
            <th>Mục đích</th>
            <th>Đã nhận</th>
            <th>Báo cáo</th>
          </tr>
        </thead>
        <tbody>
          {doc.recipients.map((r, i) => (
            <tr key={i}>
              <td data-label="Nơi nhận">{recipientName(r)}</td>
              <td data-label="Mục đích">
                {PURPOSE_LABEL[r.purpose]}
                {r.note && <div className="muted">{r.note}</div>}
              </td>
              <td data-label="Đã nhận">
                {r.acknowledgedAt ? formatDateTime(r.acknowledgedAt) : <span className="muted">Chưa xác nhận</span>}
              </td>
              <td data-label="Báo cáo">
                {r.report ? (
                  <>
                    <span className={`badge report-${r.report.status}`}>{REPORT_LABEL[r.report.status]}</span>
                    {r.report.submittedAt && <div className="muted">{formatDateTime(r.report.submittedAt)}</div>}
                    {r.report.content && <div>{r.report.content}</div>}
                    {r.sessionReports && (
                      <ul className="session-reports" aria-label="Báo cáo nhanh theo buổi thi">
                        {r.sessionReports.map((x) => (
                          <li key={x.session} title={x.content ?? undefined}>
                            <span className={`badge report-${x.status}`}>{x.session}</span> {REPORT_LABEL[x.status]}
                            <span className="muted"> — hạn {formatDateTime(x.dueAt)}{x.submittedAt ? `, nộp ${formatDateTime(x.submittedAt)}` : ''}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </>
                ) : (
                  <span className="muted">Không yêu cầu</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** "Dự thảo: lần 2" for a file entry, "Trả lời trên: dự thảo lần 2" for an opinion. */
/** DEADLINE_MOVED (SPEC §8): which deadline, from when to when, after which session moved. */
function movedNote(h: HistoryEntry): Array<[string, string]> {
  const p = h.payload as { field?: string; from?: string; to?: string; session?: string | null } | null;
  if (h.event !== 'DEADLINE_MOVED' || !p?.field || !p.from || !p.to) return [];
  return [['moved', `${FIELD_LABEL[p.field] ?? p.field}: ${formatDateTime(p.from)} → ${formatDateTime(p.to)}${p.session ? ` (buổi thi ${p.session} dời lịch)` : ''}`]];
}

function revisionNotes(payload: Record<string, unknown> | null): Array<[string, string]> {
  const notes: Array<[string, string]> = [];
  if (typeof payload?.revision === 'number') notes.push(['revision', `lần ${payload.revision}`]);
  if (typeof payload?.onRevision === 'number') notes.push(['onRevision', `dự thảo lần ${payload.onRevision}`]);
  return notes;
}

const PAYLOAD_LABEL: Record<string, string> = {
  moved: 'Dời hạn',
  reason: 'Lý do',
  comment: 'Góp ý',
  note: 'Ghi chú',
  content: 'Báo cáo',
  summary: 'Tóm tắt',
  number: 'Số',
  title: 'Trích yếu',
  signer: 'Trình',
  name: 'Tệp',
  revision: 'Dự thảo',
  onRevision: 'Trả lời trên',
};

function History({ id, version }: { id: string; version: number }) {
  const { userName } = useSession();
  const history = useLoad(() => api.get<HistoryEntry[]>(`/api/documents/${id}/history`), [id, version]);
  const verify = useLoad(() => api.get<{ valid: boolean; length?: number; brokenAt?: number }>(`/api/documents/${id}/history/verify`), [id, version]);
  return (
    <section>
      <h2>Lịch sử xử lý</h2>
      {verify.data && (
        <p className={verify.data.valid ? 'ok' : 'bad'} data-testid="history-verify">
          {verify.data.valid
            ? `Chuỗi lịch sử toàn vẹn (${verify.data.length} bước, mã băm SHA-256 nối tiếp).`
            : `Lịch sử đã bị sửa đổi tại bước ${verify.data.brokenAt}.`}
        </p>
      )}
      <ErrorBox error={history.error} />
      <ol className="timeline">
        {(history.data ?? []).map((h) => (
          <li key={h.seq}>
            <div className="when">{formatDateTime(h.at)}</div>
            <div>
              <strong>
                {h.seq}. {EVENT_LABEL[h.event] ?? h.event}
              </strong>{' '}
              <span className="muted">
                {h.from ? `${STATE_LABEL[h.from as keyof typeof STATE_LABEL] ?? h.from} → ` : ''}
                {STATE_LABEL[h.to as keyof typeof STATE_LABEL] ?? h.to}
              </span>
            </div>
            <div>
              {userName(h.actor)}
              {h.onBehalfOf && <span className="muted"> — thay cho {userName(h.onBehalfOf)}</span>}
            </div>
            {Object.entries(h.payload ?? {})
              .filter(([k, v]) => PAYLOAD_LABEL[k] && typeof v === 'string' && v)
              .concat(revisionNotes(h.payload as Record<string, unknown> | null))
              .concat(movedNote(h))
              .map(([k, v]) => (
                <div key={k} className="muted">
                  {PAYLOAD_LABEL[k]}: {k === 'signer' ? userName(String(v)) : String(v)}
                </div>
              ))}
            <code className="hash" title={h.hash}>
              {h.hash.slice(0, 12)}…
            </code>
          </li>
        ))}
      </ol>
    </section>
  );
}

let workflowsCache: Promise<WorkflowDefinition[]> | null = null;

function Workflow({ doc, tick }: { doc: Doc; tick: number }) {
  const defs = useLoad(() => (workflowsCache ??= api.get<WorkflowDefinition[]>('/api/workflows')), []);
  const history = useLoad(() => api.get<HistoryEntry[]>(`/api/documents/${doc.id}/history`), [doc.id, tick]);
  const def = defs.data?.find((d) => d.id === doc.workflow.id && d.version === doc.workflow.version);
  if (!def) return null;
  const visited = new Set((history.data ?? []).flatMap((h) => [h.from ?? '', h.to]));
  return (
    <section>
      <h2>Sơ đồ quy trình</h2>
      <WorkflowDiagram def={def} current={doc.state} visited={visited} />
    </section>
  );
}

function EditDraft({ doc, onSaved }: { doc: Doc; onSaved: (d: Doc) => void }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(doc.title);
  const [body, setBody] = useState(doc.body);
  const [urgency, setUrgency] = useState(doc.urgency);
  const [error, setError] = useState<unknown>(null);
  if (!open)
    return (
      <p>
        <button className="link" onClick={() => setOpen(true)}>
          Sửa nội dung dự thảo
        </button>
      </p>
    );
  const save = async () => {
    setError(null);
    try {
      onSaved(await api.patch<Doc>(`/api/documents/${doc.id}`, { title, body, urgency }));
      setOpen(false);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="card" onSubmit={(e) => { e.preventDefault(); void save(); }} aria-label="Sửa dự thảo">
      <label>
        Trích yếu
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={1000} />
      </label>
      <label>
        Nội dung
        <textarea rows={8} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      <label>
        Độ khẩn
        <select value={urgency} onChange={(e) => setUrgency(e.target.value as Doc['urgency'])}>
          {URGENCIES.map((u) => (
            <option key={u} value={u}>
              {URGENCY_LABEL[u]}
            </option>
          ))}
        </select>
      </label>
      <ErrorBox error={error} />
      <div className="row">
        <button type="submit" className="primary">
          Lưu
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Hủy
        </button>
      </div>
    </form>
  );
}
