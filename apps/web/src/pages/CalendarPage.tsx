import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { Empty, ErrorBox, Loading, YearFilter, thisYear, useLoad } from '../components/ui';
import { useSession } from '../session';

interface Day { date: string; name: string; source: 'announced' | 'statutory' | 'admin' }
interface Override { date: string; kind: 'holiday' | 'working'; name: string }
interface CalendarYear { year: number; holidays: Day[]; workingDays: Day[]; overrides: Override[] }

const SOURCE_LABEL: Record<Day['source'], string> = {
  statutory: 'Theo Bộ luật Lao động',
  announced: 'Theo thông báo của Chính phủ',
  admin: 'Do quản trị viên thêm',
};
const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** `2027-11-24` as `Thứ Tư, 24/11/2027`. */
function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}, ${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}

/**
 * Lịch làm việc: the holidays and swapped working days deadlines count with;
 * an administrator adds the days the government announces (or cancels one).
 */
export function CalendarPage() {
  const { user } = useSession();
  const admin = user.position === 'admin';
  const [year, setYear] = useState(thisYear);
  const { data, error, loading, reload } = useLoad(() => api.get<CalendarYear>(`/api/calendar/days?year=${year}`), [year]);
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<Override['kind']>('holiday');
  const [name, setName] = useState('');
  const [saveError, setSaveError] = useState<unknown>(null);

  const save = async (overrides: Override[]) => {
    setSaveError(null);
    try {
      await api.put('/api/calendar/days', { year, days: overrides.map(({ date, kind, name }) => ({ date, kind, name })) });
      reload();
      return true;
    } catch (e) {
      setSaveError(e);
      return false;
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!data) return;
    if (!date.startsWith(`${year}-`)) return setSaveError(new Error(`Ngày phải thuộc năm ${year}.`));
    const next = [...data.overrides.filter((o) => o.date !== date), { date, kind, name }];
    if (await save(next)) {
      setDate('');
      setName('');
    }
  };
  const table = (days: Day[], caption: string, removable: boolean) =>
    days.length === 0 ? (
      <Empty>Không có ngày nào.</Empty>
    ) : (
      <table className="list" aria-label={caption}>
        <thead>
          <tr>
            <th>Ngày</th>
            <th>Tên</th>
            <th>Căn cứ</th>
            {removable && <th></th>}
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <td data-label="Ngày">{dayLabel(d.date)}</td>
              <td data-label="Tên">{d.name || '—'}</td>
              <td data-label="Căn cứ">{SOURCE_LABEL[d.source] ?? d.source}</td>
              {removable && (
                <td>
                  {d.source === 'admin' && (
                    <button className="link" onClick={() => void save(data!.overrides.filter((o) => o.date !== d.date))} aria-label={`Bỏ ngày ${dayLabel(d.date)}`}>
                      Bỏ
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    );

  return (
    <section>
      <h1>Lịch làm việc</h1>
      <p className="muted">
        Thời hạn tính theo ngày làm việc: thứ Hai đến thứ Sáu, trừ ngày lễ, Tết (Điều 112 Bộ luật Lao động 2019, có Tết Nguyên đán và Giỗ Tổ theo âm lịch) và
        ngày nghỉ bù; cộng các thứ Bảy làm bù theo thông báo.
      </p>
      <div className="filters">
        <YearFilter year={year} onChange={setYear} />
      </div>
      <ErrorBox error={error} />
      {admin && (
        <form className="card row wrap" onSubmit={add} aria-label="Thêm ngày">
          <div className="field">
            <label>
              Ngày
              <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required min={`${year}-01-01`} max={`${year}-12-31`} aria-describedby="new-day-hint" />
            </label>
            <small id="new-day-hint" className="muted">
              {/^\d{4}-\d{2}-\d{2}$/.test(date) ? dayLabel(date) : 'Chưa chọn ngày'}
            </small>
          </div>
          <label>
            Loại
            <select value={kind} onChange={(e) => setKind(e.target.value as Override['kind'])}>
              <option value="holiday">Ngày nghỉ</option>
              <option value="working">Ngày làm việc (làm bù, hoặc bỏ một ngày nghỉ)</option>
            </select>
          </label>
          <label className="grow">
            Tên, căn cứ
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} placeholder="ví dụ: Ngày Văn hóa Việt Nam" />
          </label>
          <button type="submit">Thêm</button>
        </form>
      )}
      <ErrorBox error={saveError} />
      {loading && !data ? (
        <Loading />
      ) : (
        data && (
          <div className="columns">
            <div>
              <h2>Ngày nghỉ năm {data.year}</h2>
              {table(data.holidays, `Ngày nghỉ năm ${data.year}`, admin)}
            </div>
            <div>
              <h2>Ngày làm bù</h2>
              {table(data.workingDays, `Ngày làm bù năm ${data.year}`, admin)}
            </div>
          </div>
        )
      )}
    </section>
  );
}
