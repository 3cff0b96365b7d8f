/** Small pieces the pages share: badges, the error box, time left, loading. */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { ApiError, type DocumentState, type Urgency } from '../api';
import { STATE_LABEL, URGENCY_LABEL, describeConflict, explainStatus, formatDateTime, formatTimeLeft, localInputToIso, translateMessage } from '../format';

export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  if (urgency === 'normal') return null;
  return <span className={`badge urgency-${urgency}`}>{URGENCY_LABEL[urgency]}</span>;
}

export function StateBadge({ state }: { state: DocumentState }) {
  return <span className={`badge state state-${state}`}>{STATE_LABEL[state] ?? state}</span>;
}

/** A deadline with the time left, red when it has passed. */
export function Deadline({ at, done }: { at: string | null | undefined; done?: boolean }) {
  const now = useNow(30_000);
  if (!at) return <span className="muted">—</span>;
  const left = new Date(at).getTime() - now;
  return (
    <span className={!done && left < 0 ? 'deadline overdue' : 'deadline'}>
      {formatDateTime(at)}
      {!done && <small> ({formatTimeLeft(left)})</small>}
    </span>
  );
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
export function vietnamYear(): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
}

/** The year a page shows, as a filter: an empty or bad entry means this year. */
export function YearFilter({ year, onChange }: { year: number; onChange: (year: number) => void }) {
  return (
    <label>
      Năm
      <input type="number" min={1900} max={2199} value={year} onChange={(e) => onChange(Number(e.target.value) || vietnamYear())} />
    </label>
  );
}

/** A moment as `dd/mm/yyyy HH:mm` (Vietnam time), whatever format the browser gives its date-time input. */
export function MomentInput({ label, value, onChange, name, required, disabled }: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  name?: string;
  required?: boolean;
  disabled?: boolean;
}) {
  const iso = localInputToIso(value);
  const hint = useId();
  return (
    <div className="field">
      <label>
        {label}
        <input type="datetime-local" name={name} value={value} onChange={(e) => onChange(e.target.value)} required={required} disabled={disabled} aria-describedby={hint} />
      </label>
      <small id={hint} className="muted">
        {iso ? formatDateTime(iso) : 'Chưa chọn ngày giờ'}
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
