import { CONFIDENTIALITY_MARK, type Confidentiality } from '../../../../libs/domain/src/types';
/** Small pieces the pages share: badges, the error box, time left, loading. */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError, api, type Campaign, type DocumentState, type Urgency } from '../api';
import { STATE_LABEL, URGENCY_LABEL, describeConflict, explainStatus, formatDateTime, formatTimeLeft, localInputToIso, localInputToText, textToLocalInput, translateMessage } from '../format';
import { vietnamYear } from '../../../../libs/domain/src/numbering';
import { describeAnchored, type AnchoredDeadline } from '../../../../libs/domain/src/anchors';

export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  if (urgency === 'normal') return null;
  return <span className={`badge urgency-${urgency}`}>{URGENCY_LABEL[urgency]}</span>;
}

/** Độ mật (SPEC §9): the mark, red as stamped. */
export function SecrecyBadge({ confidentiality }: { confidentiality?: Confidentiality }) {
  const mark = confidentiality ? CONFIDENTIALITY_MARK[confidentiality] : null;
  return mark ? <span className="badge urgency-flash" title="Chỉ người có tên trên văn bản và lãnh đạo cơ quan được xem">{mark}</span> : null;
}

export function StateBadge({ state }: { state: DocumentState }) {
  return <span className={`badge state state-${state}`}>{STATE_LABEL[state] ?? state}</span>;
}

/** A deadline with the time left, red when it has passed; and how it was given, when against the exam (SPEC §8). */
export function Deadline({ at, done, anchor, campaign }: { at: string | null | undefined; done?: boolean; anchor?: AnchoredDeadline; campaign?: Campaign | null }) {
  const now = useNow(30_000);
  if (!at) return <span className="muted">—</span>;
  const left = new Date(at).getTime() - now;
  return (
    <span className={!done && left < 0 ? 'deadline overdue' : 'deadline'}>
      {formatDateTime(at)}
      {!done && <small> ({formatTimeLeft(left)})</small>}
      {anchor && (
        <small className="anchor" data-testid="anchor">
          {' '}— {describeAnchored(anchor, sessionTimes(campaign))}
        </small>
      )}
    </span>
  );
}

/** A campaign's sessions as the anchor texts need them. */
export function sessionTimes(campaign: Campaign | null | undefined) {
  return (campaign?.sessions ?? []).map((s) => ({ code: s.code, name: s.name, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }));
}

const campaigns = new Map<string, Promise<Campaign>>();

/** The campaign a document belongs to (read once per page load), or null. */
export function useCampaign(id: string | null | undefined): Campaign | null {
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  useEffect(() => {
    if (!id) return setCampaign(null);
    let live = true;
    if (!campaigns.has(id)) campaigns.set(id, api.get<Campaign>(`/api/campaigns/${id}`).catch((e) => (campaigns.delete(id), Promise.reject(e))));
    campaigns.get(id)!.then((c) => live && setCampaign(c), () => live && setCampaign(null));
    return () => {
      live = false;
    };
  }, [id]);
  return campaign;
}


export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** This year in Vietnam (Asia/Ho_Chi_Minh). */
/** This year in Vietnam. */
export const thisYear = () => vietnamYear(new Date());

/** The year a page shows, as a filter: an empty or bad entry means this year. */
export function YearFilter({ year, onChange }: { year: number; onChange: (year: number) => void }) {
  return (
    <label>
      Năm
      <input type="number" min={1900} max={2199} value={year} onChange={(e) => onChange(Number(e.target.value) || thisYear())} />
    </label>
  );
}

/**
 * A moment typed as `dd/mm/yyyy HH:mm`, Vietnam time, whatever the browser's
 * language: a browser set to English draws its own date-time field as
 * mm/dd/yyyy, and 06/10 must not be read as June by one person and October
 * by another. The calendar button opens the browser's picker for the same
 * value. `value` and `onChange` carry the wall-clock `yyyy-mm-ddTHH:mm`
 * ('' while what is typed is not a date and time).
 */
export function MomentInput({ label, value, onChange, name, required, disabled }: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  name?: string;
  required?: boolean;
  disabled?: boolean;
}) {
  const [text, setText] = useState(() => localInputToText(value));
  // A value set from outside (the picker, a form that fills in a default) shows in the text.
  useEffect(() => {
    if (value && textToLocalInput(text) !== value) setText(localInputToText(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const picker = useRef<HTMLInputElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const id = useId();
  const parsed = textToLocalInput(text);
  const wrong = text.trim() !== '' && parsed === null;
  const iso = parsed ? localInputToIso(parsed) : null;
  // The form is not sent with a moment that is not one; the browser says so in Vietnamese.
  useEffect(() => {
    field.current?.setCustomValidity(wrong ? 'Ngày giờ chưa đúng: nhập dạng dd/mm/yyyy HH:mm' : '');
  }, [wrong]);
  return (
    <div className="field moment">
      <label htmlFor={`${id}-text`}>{label}</label>
      <div className="row">
        <input
          ref={field}
          id={`${id}-text`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder="dd/mm/yyyy HH:mm"
          name={name}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onChange(textToLocalInput(e.target.value) ?? '');
          }}
          required={required}
          disabled={disabled}
          aria-invalid={wrong}
          aria-describedby={`${id}-hint`}
          size={16}
        />
        <button type="button" className="icon" disabled={disabled} aria-label={`Chọn trên lịch: ${label}`} onClick={() => picker.current?.showPicker?.()}>
          Lịch…
        </button>
        <input
          ref={picker}
          type="datetime-local"
          className="picker"
          tabIndex={-1}
          aria-hidden="true"
          value={parsed ?? ''}
          onChange={(e) => {
            setText(localInputToText(e.target.value));
            onChange(e.target.value);
          }}
        />
      </div>
      <small id={`${id}-hint`} className={wrong ? 'invalid' : 'muted'}>
        {wrong ? 'Chưa đúng: nhập ngày giờ dạng dd/mm/yyyy HH:mm, ví dụ 05/06/2027 17:00' : iso ? `${formatDateTime(iso)} (giờ Việt Nam)` : 'Nhập dạng dd/mm/yyyy HH:mm'}
      </small>
    </div>
  );
}

/** The API's refusal in words: what it means, then the API's own message(s). */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError) {
    const conflict = error.status === 409 ? describeConflict(error.body) : null;
    const lines = conflict ? [conflict] : error.status === 0 ? [] : error.detail.map(translateMessage);
    return (
      <div className="error" role="alert">
        <strong>{explainStatus(error.status)}</strong>
        {lines.length > 0 && (
          <ul>
            {lines.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div className="error" role="alert">
      <strong>Có lỗi xảy ra</strong> {String((error as Error)?.message ?? error)}
    </div>
  );
}

export function Loading() {
  return <p className="muted" aria-busy="true">Đang tải…</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Loads once per `deps` change; `reload` loads again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: unknown; reload: () => void; loading: boolean } {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      // A failed reload keeps what was shown, with the error above it.
      (error) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { data: state.data, error: state.error, loading: state.loading, reload: () => setTick((t) => t + 1) };
}
