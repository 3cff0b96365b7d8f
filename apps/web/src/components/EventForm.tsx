import { isLeaderPosition, type Position } from '../../../../libs/domain/src/types';
/**
 * One form per event the caller may send now (the document's `availableEvents`),
 * each with its payload. The API decides; what it refuses is shown in words.
 */
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, api, qs, type Campaign, type Doc, type Purpose } from '../api';
import { AUTHORITY_LABEL, EVENT_LABEL, PURPOSES, PURPOSE_LABEL, formatDateTime, isoToLocalInput, localInputToIso } from '../format';
import { useSession } from '../session';
import { KINH_GUI_TYPES, printedRecipients, recipientLines } from '../../../../libs/domain/src/noi-nhan';
import { describeAnchored, resolveAnchored } from '../../../../libs/domain/src/anchors';
import { WorkingCalendar } from '../../../../libs/domain/src/calendar';
import { ErrorBox, MomentInput, sessionTimes, useCampaign } from './ui';

type Payload = Record<string, unknown>;

export function EventForm({
  doc,
  event,
  onDone,
  onCancel,
  onReload,
}: {
  doc: Doc;
  event: string;
  onDone: (doc: Doc) => void;
  onCancel: () => void;
  /** Loads the document again (after a 409: somebody else moved it). */
  onReload: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [payload, setPayload] = useState<Payload | null>({});
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!payload) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await api.post<Doc>(`/api/documents/${doc.id}/events`, { type: event, expectedVersion: doc.version, ...payload }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fields: Record<string, ReactNode> = {
    SUBMIT_FOR_CONSULTATION: <ConsultationFields doc={doc} onChange={setPayload} />,
    GIVE_OPINION: <OpinionFields onChange={setPayload} />,
    REVISE: <TextField name="note" label="Ghi chú (không bắt buộc)" onChange={setPayload} />,
    SUBMIT_FOR_SIGNATURE: <SignatureFields doc={doc} onChange={setPayload} />,
    APPROVE_REVIEW: <TextField name="note" label="Ý kiến kiểm tra (không bắt buộc)" onChange={setPayload} />,
    SIGN: <p>Ký ban hành văn bản. Hệ thống cấp số, ngày ban hành và chữ ký số trong cùng một giao dịch.</p>,
    RETURN: <TextField name="reason" label="Lý do trả lại" required onChange={setPayload} />,
    DISSEMINATE: <DisseminateFields doc={doc} onChange={setPayload} />,
    ACKNOWLEDGE: <p>Xác nhận đơn vị đã nhận văn bản.</p>,
    SUBMIT_REPORT: <ReportFields doc={doc} onChange={setPayload} />,
    CLOSE: <TextField name="summary" label="Tóm tắt kết quả thực hiện" required onChange={setPayload} />,
    WITHDRAW: <TextField name="reason" label="Lý do rút văn bản" required onChange={setPayload} />,
    RECALL: <TextField name="reason" label="Lý do thu hồi (gửi tới mọi nơi nhận)" required onChange={setPayload} />,
    CORRECT: <p>Tạo dự thảo công văn đính chính (sai sót về thể thức, kỹ thuật trình bày, thủ tục ban hành — Nghị định 30 Điều 18.3), dẫn chiếu văn bản này.</p>,
    REPLACE: <p>Tạo dự thảo văn bản thay thế, cùng loại, chép nội dung văn bản này để sửa (sai sót về nội dung). Khi văn bản thay thế được phát hành, các báo cáo còn nợ theo văn bản này chấm dứt.</p>,
  };
  return (
    <form className="card event-form" onSubmit={send} aria-label={EVENT_LABEL[event] ?? event} data-event={event}>
      <h3>{EVENT_LABEL[event] ?? event}</h3>
      {fields[event] ?? <p>Gửi sự kiện {event}.</p>}
      <ErrorBox error={error} />
      {error instanceof ApiError && error.status === 409 && (
        <p>
          <button type="button" onClick={onReload}>
            Tải lại văn bản để xem trạng thái mới
          </button>
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || !payload}>
          {busy ? 'Đang gửi…' : `Xác nhận: ${EVENT_LABEL[event] ?? event}`}
        </button>
        <button type="button" onClick={onCancel}>
          Hủy
        </button>
      </div>
    </form>
  );
}

function TextField({ name, label, required, onChange }: { name: string; label: string; required?: boolean; onChange: (p: Payload | null) => void }) {
  const [value, setValue] = useState('');
  useEffect(() => onChange(value.trim() ? { [name]: value } : required ? null : {}), [value, name, required, onChange]);
  return (
    <label>
      {label}
      <textarea name={name} rows={3} value={value} onChange={(e) => setValue(e.target.value)} required={required} />
    </label>
  );
}

function OpinionFields({ onChange }: { onChange: (p: Payload | null) => void }) {
  const [agree, setAgree] = useState(true);
  const [comment, setComment] = useState('');
  useEffect(() => {
    if (!agree && !comment.trim()) onChange(null);
    else onChange({ agree, ...(comment.trim() ? { comment } : {}) });
  }, [agree, comment, onChange]);
  return (
    <>
      <fieldset>
        <legend>Ý kiến của đơn vị</legend>
        <label className="check">
          <input type="radio" name="agree" checked={agree} onChange={() => setAgree(true)} /> Đồng ý
        </label>
        <label className="check">
          <input type="radio" name="agree" checked={!agree} onChange={() => setAgree(false)} /> Không đồng ý
        </label>
      </fieldset>
      <label>
        Góp ý {agree ? '(không bắt buộc)' : '(bắt buộc khi không đồng ý)'}
        <textarea name="comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} required={!agree} />
      </label>
    </>
  );
}

/**
 * A deadline as a number of working days (the server's calendar), a moment, or — for a document of an
 * exam campaign — against one of its sessions ("20 ngày làm việc trước buổi thi đầu tiên", SPEC §8).
 */
function DeadlineFields({
  onChange,
  defaultDays,
  optional,
  campaignId,
}: {
  onChange: (p: Payload | null) => void;
  defaultDays: number;
  optional?: boolean;
  campaignId?: string | null;
}) {
  const campaign = useCampaign(campaignId);
  const [mode, setMode] = useState<'days' | 'at' | 'none' | 'anchor'>(optional ? 'none' : 'days');
  const [days, setDays] = useState(defaultDays);
  const [at, setAt] = useState(() => isoToLocalInput(new Date(Date.now() + 3 * 86_400_000)));
  const [anchor, setAnchor] = useState('firstSession');
  const [count, setCount] = useState(20);
  const [unit, setUnit] = useState<'wd-before' | 'wd-after' | 'h-before' | 'h-after'>('wd-before');
  const [preview, setPreview] = useState<string | null>(null);
  const given = useMemo(() => {
    if (!(Number.isInteger(count) && count >= 1)) return null;
    const sign = unit.endsWith('before') ? -1 : 1;
    return unit.startsWith('wd') ? { anchor, workingDays: sign * count } : { anchor, hours: sign * count };
  }, [anchor, count, unit]);
  useEffect(() => {
    if (mode === 'days') onChange(Number.isInteger(days) && days >= 1 ? { workingDays: days } : null);
    else if (mode === 'at') {
      const iso = localInputToIso(at);
      onChange(iso ? { deadline: iso } : null);
    } else if (mode === 'anchor') onChange(given ? { deadline: given } : null);
    else onChange({});
  }, [mode, days, at, given, onChange]);
  useEffect(() => {
    if (mode !== 'days' || !(days >= 1)) return setPreview(null);
    let live = true;
    api
      .get<{ deadline: string }>(`/api/calendar/deadline${qs({ from: new Date().toISOString(), workingDays: days })}`)
      .then((r) => live && setPreview(r.deadline), () => live && setPreview(null));
    return () => {
      live = false;
    };
  }, [mode, days]);
  return (
    <fieldset>
      <legend>Thời hạn</legend>
      {optional && (
        <label className="check">
          <input type="radio" name="deadline-mode" checked={mode === 'none'} onChange={() => setMode('none')} /> Theo độ khẩn (mặc định)
        </label>
      )}
      <label className="check">
        <input type="radio" name="deadline-mode" checked={mode === 'days'} onChange={() => setMode('days')} /> Số ngày làm việc
      </label>
      {mode === 'days' && (
        <label>
          Số ngày làm việc
          <input type="number" name="workingDays" min={1} max={60} value={days} onChange={(e) => setDays(Number(e.target.value))} />
          {preview && <small className="muted">Hạn: {formatDateTime(preview)} (đã trừ ngày nghỉ, ngày lễ)</small>}
        </label>
      )}
      <label className="check">
        <input type="radio" name="deadline-mode" checked={mode === 'at'} onChange={() => setMode('at')} /> Hạn cụ thể
      </label>
      {mode === 'at' && (
        <MomentInput label="Ngày giờ (giờ Việt Nam)" name="deadline" value={at} onChange={setAt} />
      )}
      {campaign && (
        <label className="check">
          <input type="radio" name="deadline-mode" checked={mode === 'anchor'} onChange={() => setMode('anchor')} /> Theo lịch thi ({campaign.code})
        </label>
      )}
      {campaign && mode === 'anchor' && (
        <div className="row anchor-fields">
          <input type="number" name="anchorCount" aria-label="Số" min={1} max={365} value={count} onChange={(e) => setCount(Number(e.target.value))} />
          <select name="anchorUnit" aria-label="Đơn vị" value={unit} onChange={(e) => setUnit(e.target.value as typeof unit)}>
            <option value="wd-before">ngày làm việc trước</option>
            <option value="wd-after">ngày làm việc sau</option>
            <option value="h-before">giờ trước</option>
            <option value="h-after">giờ sau</option>
          </select>
          <select name="anchor" aria-label="Buổi thi" value={anchor} onChange={(e) => setAnchor(e.target.value)}>
            <option value="firstSession">buổi thi đầu tiên</option>
            <option value="lastSession">buổi thi cuối cùng</option>
            {campaign.sessions.map((x) => (
              <option key={x.code} value={`session:${x.code}`}>
                buổi thi {x.name} ({formatDateTime(x.startsAt)})
              </option>
            ))}
          </select>
          {given && (
            <small className="muted">
              Hạn dự kiến: {formatAnchored(given, campaign)} — trước buổi thi tính từ giờ bắt đầu, sau buổi thi từ giờ kết thúc; ngày nghỉ, ngày lễ được trừ
            </small>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** The moment an anchored deadline resolves to (the server's calendar decides; this reads the built-in one). */
function formatAnchored(given: { anchor: string; workingDays?: number; hours?: number }, campaign: Campaign): string {
  const at = resolveAnchored(given, sessionTimes(campaign), new WorkingCalendar());
  return at ? `${formatDateTime(at.toISOString())} (${describeAnchored(given, sessionTimes(campaign))})` : '—';
}

function ConsultationFields({ doc, onChange }: { doc: Doc; onChange: (p: Payload | null) => void }) {
  const { org } = useSession();
  const [chosen, setChosen] = useState<string[]>([]);
  const [deadline, setDeadline] = useState<Payload | null>(null);
  useEffect(() => onChange(chosen.length && deadline ? { consultees: chosen, ...deadline } : null), [chosen, deadline, onChange]);
  const key = (agencyCode: string, unitCode: string) => (agencyCode === doc.agencyCode ? unitCode : `${agencyCode}/${unitCode}`);
  const toggle = (k: string) => setChosen((c) => (c.includes(k) ? c.filter((x) => x !== k) : [...c, k]));
  const agencies = [...org.agencies].sort((a, b) => Number(b.code === doc.agencyCode) - Number(a.code === doc.agencyCode));
  return (
    <>
      <fieldset>
        <legend>Đơn vị được lấy ý kiến</legend>
        {agencies.map((a) => {
          const units = org.units.filter((u) => u.agencyCode === a.code && !(a.code === doc.agencyCode && u.code === doc.unitCode));
          if (!units.length) return null;
          return (
            <div key={a.code} className="group">
              <strong>{a.name}</strong>
              {units.map((u) => (
                <label key={u.code} className="check">
                  <input type="checkbox" name="consultees" value={key(a.code, u.code)} checked={chosen.includes(key(a.code, u.code))} onChange={() => toggle(key(a.code, u.code))} />
                  {u.name} ({u.code})
                </label>
              ))}
            </div>
          );
        })}
      </fieldset>
      <DeadlineFields onChange={setDeadline} defaultDays={3} campaignId={doc.campaignId} />
    </>
  );
}

/** Nghị định 30 Điều 13 for a ministry or a Sở (the server says why any other pairing is refused). */
const AUTHORITIES_OF: Record<string, string[]> = { head: [''], acting_head: ['Q'], deputy_head: ['KT'], unit_head: ['TL', 'TUQ'], deputy_unit_head: ['TL'] };

function SignatureFields({ doc, onChange }: { doc: Doc; onChange: (p: Payload | null) => void }) {
  const { org } = useSession();
  const order = { head: 0, acting_head: 1, deputy_head: 2, unit_head: 3, deputy_unit_head: 4 } as Record<string, number>;
  const signers = org.users.filter((u) => u.agencyCode === doc.agencyCode && u.position in order && !u.disabled);
  const council = org.agencies.find((a) => a.code === doc.agencyCode)?.level === 'council';
  signers.sort((a, b) => order[a.position] - order[b.position] || a.fullName.localeCompare(b.fullName, 'vi'));
  const [signer, setSigner] = useState('');
  const [authority, setAuthority] = useState('');
  const [deadline, setDeadline] = useState<Payload | null>({});
  // Nơi nhận is part of what the leader signs (SPEC §7): proposed here, printed in the signed PDF.
  const [propose, setPropose] = useState(false);
  const [proposal, setProposal] = useState<Payload | null>(null);
  const position = signers.find((s) => s.username === signer)?.position;
  // The authorities that fit the chosen signer's position (Điều 13); the first is the usual one. A council signs TM.
  const choices = !position ? [] : council ? (position === 'head' || position === 'deputy_head' ? ['TM'] : []) : (AUTHORITIES_OF[position] ?? []);
  const chosen = choices.includes(authority) ? authority : (choices[0] ?? '');
  useEffect(
    () =>
      onChange(
        signer && deadline && (!propose || proposal)
          ? { signer, signingAuthority: chosen === '' ? null : chosen, ...deadline, ...(propose ? proposal : {}) }
          : null,
      ),
    [signer, chosen, deadline, propose, proposal, onChange],
  );
  return (
    <>
      <label>
        Người ký
        <select name="signer" value={signer} onChange={(e) => setSigner(e.target.value)} required>
          <option value="">— Chọn lãnh đạo ký —</option>
          {signers.map((u) => (
            <option key={u.username} value={u.username}>
              {u.fullName} — {u.title}
            </option>
          ))}
        </select>
      </label>
      {signer && (
        <label>
          Thẩm quyền ký
          <select name="signingAuthority" value={chosen} onChange={(e) => setAuthority(e.target.value)}>
            {choices.map((c) => (
              <option key={c} value={c}>
                {AUTHORITY_LABEL[c]}
              </option>
            ))}
          </select>
        </label>
      )}
      <DeadlineFields onChange={setDeadline} defaultDays={3} optional campaignId={doc.campaignId} />
      <label className="check">
        <input type="checkbox" checked={propose} onChange={(e) => setPropose(e.target.checked)} /> Đề xuất Nơi nhận (lãnh đạo ký cả Nơi nhận; văn thư phát hành đúng như vậy)
      </label>
      {!propose && doc.proposedRecipients?.length ? (
        <p className="muted">Đã đề xuất {doc.proposedRecipients.length} nơi nhận trong dự thảo.</p>
      ) : null}
      {propose && <DisseminationFields doc={doc} onChange={setProposal} />}
    </>
  );
}

/** A recipient being chosen: who (exactly one kind, as the API takes it), for what, with its note and Kính gửi. */
interface Pick {
  key: string;
  agencyCode?: string;
  unitCode?: string;
  externalCode?: string;
  groupCode?: string;
  username?: string;
  label: string;
  purpose: Purpose;
  note?: string;
  main?: boolean;
}

/**
 * Phát hành a document whose Nơi nhận was signed (proposed before signature, SPEC §7): it goes to them as
 * they are, so the clerk sees them and confirms; the report deadline too, unless none was proposed.
 */
/** Phát hành: the recipients (as signed, or chosen now), and for a document of an exam campaign the per-session reports (SPEC §8). */
function DisseminateFields({ doc, onChange }: { doc: Doc; onChange: (p: Payload | null) => void }) {
  const campaign = useCampaign(doc.campaignId);
  const [inner, setInner] = useState<Payload | null>(null);
  const [perSession, setPerSession] = useState(false);
  const [hours, setHours] = useState(2);
  useEffect(() => {
    if (inner === null) return onChange(null);
    if (!perSession) return onChange(inner);
    onChange(Number.isInteger(hours) && hours >= 1 ? { ...inner, sessionReports: { hours } } : null);
  }, [inner, perSession, hours, onChange]);
  return (
    <>
      {doc.proposedRecipients?.length ? <SignedRecipients doc={doc} onChange={setInner} /> : <DisseminationFields doc={doc} onChange={setInner} />}
      {doc.sessionReports && (
        <p className="muted">Báo cáo nhanh đã đề xuất khi trình ký: {doc.sessionReports.hours} giờ sau mỗi buổi thi.</p>
      )}
      {!doc.sessionReports && campaign && campaign.sessions.length > 0 && (
        <fieldset>
          <legend>Báo cáo nhanh theo buổi thi</legend>
          <label className="check">
            <input type="checkbox" name="sessionReports" checked={perSession} onChange={(e) => setPerSession(e.target.checked)} /> Mỗi nơi thực hiện gửi báo cáo nhanh sau từng buổi thi
            của {campaign.name} ({campaign.sessions.length} buổi)
          </label>
          {perSession && (
            <label>
              Hạn báo cáo: số giờ sau khi buổi thi kết thúc
              <input type="number" name="sessionReportHours" min={1} max={720} value={hours} onChange={(e) => setHours(Number(e.target.value))} />
            </label>
          )}
        </fieldset>
      )}
    </>
  );
}

/** Báo cáo: the content, and — when the caller owes per-session reports (SPEC §8) — which one it is. */
function ReportFields({ doc, onChange }: { doc: Doc; onChange: (p: Payload | null) => void }) {
  const { user } = useSession();
  const campaign = useCampaign(doc.campaignId);
  const mine = doc.recipients.filter(
    (r) => r.purpose === 'implement' && (r.username ? r.username === user.username : r.agencyCode === user.agencyCode && (!r.unitCode || r.unitCode === user.unitCode)),
  );
  const sessions = [...new Set(mine.flatMap((r) => (r.sessionReports ?? []).filter((x) => x.status === 'pending').map((x) => x.session)))];
  const finalOwed = doc.reportDeadline !== null && mine.some((r) => r.report?.status === 'pending' && !r.report.submittedAt);
  const choices = [...sessions, ...(finalOwed ? [''] : [])];
  const [which, setWhich] = useState(choices[0] ?? '');
  const [content, setContent] = useState('');
  useEffect(() => {
    if (!content.trim()) return onChange(null);
    onChange({ content, ...(which ? { session: which } : {}) });
  }, [content, which, onChange]);
  const label = (code: string) => (code ? `Báo cáo nhanh buổi thi ${campaign?.sessions.find((s) => s.code === code)?.name ?? code}` : 'Báo cáo kết quả thực hiện');
  return (
    <>
      {sessions.length > 0 && (
        <label>
          Báo cáo
          <select name="session" value={which} onChange={(e) => setWhich(e.target.value)}>
            {choices.map((c) => (
              <option key={c} value={c}>
                {label(c)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Nội dung báo cáo
        <textarea name="content" rows={3} value={content} onChange={(e) => setContent(e.target.value)} required />
      </label>
    </>
  );
}

function SignedRecipients({ doc, onChange }: { doc: Doc; onChange: (p: Payload | null) => void }) {
  const { recipientName } = useSession();
  const needsReport = doc.proposedRecipients!.some((r) => r.purpose === 'implement') && !doc.proposedReportDeadline;
  const [reportAt, setReportAt] = useState(() => isoToLocalInput(new Date(Date.now() + 14 * 86_400_000)));
  useEffect(() => {
    if (!needsReport) return onChange({});
    const reportDeadline = localInputToIso(reportAt);
    onChange(reportDeadline ? { reportDeadline } : null);
  }, [needsReport, reportAt, onChange]);
  return (
    <fieldset className="recipients">
      <legend>Nơi nhận đã ký (gửi đúng như lãnh đạo đã ký)</legend>
      <ul aria-label="Nơi nhận đã ký">
        {doc.proposedRecipients!.map((r) => (
          <li key={`${r.agencyCode}/${r.unitCode ?? ''}/${r.externalCode ?? ''}/${r.groupCode ?? ''}/${r.username ?? ''}/${r.purpose}`}>
            {recipientName(r)} — {PURPOSE_LABEL[r.purpose]}
            {r.note && <span className="muted"> ({r.note})</span>}
            {r.main && <span className="muted"> · Kính gửi</span>}
          </li>
        ))}
      </ul>
      {doc.proposedReportDeadline && <p className="muted">Hạn báo cáo: {formatDateTime(doc.proposedReportDeadline)}</p>}
      {needsReport && (
        <label>
          Hạn báo cáo
          <input type="datetime-local" value={reportAt} onChange={(e) => setReportAt(e.target.value)} required />
        </label>
      )}
    </fieldset>
  );
}

function DisseminationFields({ doc, onChange }: { doc: Doc; onChange: (p: Payload | null) => void }) {
  const { org } = useSession();
  const [picks, setPicks] = useState<Pick[]>([]);
  const [reportAt, setReportAt] = useState(() => isoToLocalInput(new Date(Date.now() + 14 * 86_400_000)));
  const needsReport = picks.some((p) => p.purpose === 'implement');
  const kinhGui = KINH_GUI_TYPES.has(doc.type);
  useEffect(() => {
    if (!picks.length) return onChange(null);
    const recipients = picks.map(({ key: _k, label: _l, note, main, ...who }) => ({
      ...Object.fromEntries(Object.entries(who).filter(([, v]) => v !== undefined)),
      ...(note?.trim() ? { note: note.trim() } : {}),
      ...(main && kinhGui ? { main: true } : {}),
    }));
    const reportDeadline = localInputToIso(reportAt);
    if (needsReport && !reportDeadline) return onChange(null);
    onChange({ recipients, ...(needsReport ? { reportDeadline } : {}) });
  }, [picks, reportAt, needsReport, kinhGui, onChange]);
  const find = (key: string) => picks.find((p) => p.key === key);
  const toggle = (row: Pick) => setPicks((ps) => (ps.some((p) => p.key === row.key) ? ps.filter((p) => p.key !== row.key) : [...ps, row]));
  const update = (key: string, change: Partial<Pick>) => setPicks((ps) => ps.map((p) => (p.key === key ? { ...p, ...change } : p)));
  const departments = org.agencies.filter((a) => a.level === 'department' && a.code !== doc.agencyCode);
  const agencyRow = (code: string, name: string): Pick => ({ key: `a:${code}`, agencyCode: code, label: name, purpose: 'implement' });
  const allDepartments = () =>
    setPicks((ps) => [...ps.filter((p) => !departments.some((d) => p.key === `a:${d.code}`)), ...departments.map((d) => agencyRow(d.code, d.name))]);
  // Everyone Nơi nhận can name, by section: agencies with their units, groups, bodies outside examflow, and
  // the leaders of the issuing agency (a person: "Bộ trưởng", "Thứ trưởng …").
  const sections = useMemo(() => {
    const units = org.agencies.flatMap((a) => [
      { ...agencyRow(a.code, a.name), level: 0 },
      ...org.units
        .filter((u) => u.agencyCode === a.code)
        .map((u) => ({ key: `u:${a.code}/${u.code}`, agencyCode: a.code, unitCode: u.code, label: u.name, purpose: 'implement' as Purpose, level: 1 })),
    ]);
    const groups = org.groups.map((g) => ({ key: `g:${g.code}`, groupCode: g.code, label: g.name, purpose: 'implement' as Purpose, level: 0 }));
    const externals = org.externals.map((e) => ({ key: `e:${e.code}`, externalCode: e.code, label: e.name, purpose: 'info' as Purpose, level: 0 }));
    const people = org.users
      .filter((u) => u.agencyCode === doc.agencyCode && isLeaderPosition(u.position as Position) && !u.disabled)
      .map((u) => ({ key: `p:${u.username}`, username: u.username, label: `${u.title} ${u.fullName}`, purpose: 'report_to' as Purpose, level: 0 }));
    return [
      { title: 'Cơ quan, đơn vị', rows: units },
      { title: 'Nhóm nơi nhận', rows: groups },
      { title: 'Cơ quan ngoài hệ thống', rows: externals },
      { title: 'Lãnh đạo', rows: people },
    ].filter((x) => x.rows.length);
  }, [org, doc.agencyCode]);
  const preview = recipientLines(
    doc.type,
    doc.unitCode,
    printedRecipients(
      picks.map(({ key: _k, label: _l, note, main, ...who }) => ({ agencyCode: who.agencyCode ?? null, unitCode: who.unitCode ?? null, ...who, note: note?.trim() || null, main: !!main && kinhGui })),
      doc.agencyCode,
      {
        agencyName: (code) => org.agencies.find((a) => a.code === code)?.name,
        unitName: (agencyCode, code) => org.units.find((u) => u.agencyCode === agencyCode && u.code === code)?.name,
        externalName: (code) => org.externals.find((e) => e.code === code)?.name,
        groupName: (code) => org.groups.find((g) => g.code === code)?.name,
        person: (username) => org.users.find((u) => u.username === username),
      },
    ),
  );
  return (
    <>
      <fieldset className="recipients">
        <legend>Nơi nhận</legend>
        <div className="row">
          <button type="button" onClick={allDepartments} disabled={!departments.length}>
            Tất cả Sở GD&amp;ĐT ({departments.length})
          </button>
          <button type="button" onClick={() => setPicks([])} disabled={!picks.length}>
            Bỏ chọn tất cả
          </button>
          <span className="muted">Đã chọn {picks.length} nơi nhận</span>
        </div>
        {sections.map((section) => (
          <div key={section.title}>
            <h4 className="picker-title">{section.title}</h4>
            <ul className="picker">
              {section.rows.map(({ level, ...row }) => {
                const pick = find(row.key);
                const id = `rcp-${row.key}`;
                return (
                  <li key={row.key} className={level ? 'unit' : 'agency'}>
                    <label className="check" htmlFor={id}>
                      <input id={id} type="checkbox" checked={!!pick} onChange={() => toggle(row)} />
                      {row.label}
                    </label>
                    {pick && (
                      <span className="pick-details">
                        <select aria-label={`Mục đích gửi: ${row.label}`} value={pick.purpose} onChange={(e) => update(row.key, { purpose: e.target.value as Purpose })}>
                          {PURPOSES.map((p) => (
                            <option key={p} value={p}>
                              {PURPOSE_LABEL[p]}
                            </option>
                          ))}
                        </select>
                        <input
                          aria-label={`Ghi chú: ${row.label}`}
                          placeholder="ghi chú (vd. để p/h chỉ đạo)"
                          maxLength={200}
                          value={pick.note ?? ''}
                          onChange={(e) => update(row.key, { note: e.target.value })}
                        />
                        {kinhGui && (
                          <label className="check">
                            <input type="checkbox" aria-label={`Kính gửi: ${row.label}`} checked={!!pick.main} onChange={(e) => update(row.key, { main: e.target.checked })} /> Kính gửi
                          </label>
                        )}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
        <figure className="noi-nhan-preview" aria-label="Xem trước Nơi nhận">
          <figcaption>Sẽ in trên văn bản</figcaption>
          {preview.kinhGui && (
            <p>
              <span className="label">Kính gửi:</span>{' '}
              {preview.addressees.length === 0
                ? '…'
                : preview.addressees.length === 1
                  ? preview.addressees[0]
                  : preview.addressees.map((a, i) => <span key={a} className="line">- {a}{i === preview.addressees.length - 1 ? '.' : ';'}</span>)}
            </p>
          )}
          <p className="label">
            <em>Nơi nhận:</em>
          </p>
          {preview.recipients.map((line) => (
            <span key={line} className="line">
              {line}
            </span>
          ))}
        </figure>
      </fieldset>
      <MomentInput
        label={`Hạn báo cáo (giờ Việt Nam)${needsReport ? ' — bắt buộc vì có nơi nhận để thực hiện' : ' — chỉ cần khi có nơi nhận để thực hiện'}`}
        name="reportDeadline"
        value={reportAt}
        onChange={setReportAt}
        disabled={!needsReport}
        required={needsReport}
      />
    </>
  );
}
