import { api, type Overview } from '../api';
import { ErrorBox, Loading, useLoad } from '../components/ui';
import { STATES, STATE_LABEL, formatDateTime } from '../format';
import { Link } from '../router';
import { useSession } from '../session';

/** Tổng quan: documents by state, and what is overdue by unit and by agency. */
export function OverviewPage() {
  const { agencyName } = useSession();
  const { data, error, loading, reload } = useLoad(() => api.get<Overview>('/api/stats/overview'), []);
  if (loading && !data) return <Loading />;
  return (
    <section>
      <div className="heading">
        <h1>Tổng quan</h1>
        <button onClick={reload}>Làm mới</button>
      </div>
      <ErrorBox error={error} />
      {data && (
        <>
          <p className="muted">Số liệu lúc {formatDateTime(data.generatedAt)}.</p>
          <div className="columns">
            <div className="card">
              <h2>Văn bản theo trạng thái</h2>
              <BarChart
                label="Văn bản theo trạng thái"
                rows={STATES.map((s) => ({ key: s, label: STATE_LABEL[s], value: data.byState[s] ?? 0, href: `/van-ban?state=${s}` }))}
              />
            </div>
            <div className="card">
              <h2>
                Việc quá hạn: {data.overdue.total} <Link to="/van-ban?overdue=true">xem văn bản quá hạn</Link>
              </h2>
              <h3>Theo cơ quan</h3>
              {data.overdue.byAgency.length ? (
                <BarChart label="Quá hạn theo cơ quan" tone="overdue" rows={data.overdue.byAgency.map((a) => ({ key: a.agencyCode, label: a.agencyName, value: a.count }))} />
              ) : (
                <p className="muted">Không có việc quá hạn.</p>
              )}
              <h3>Theo đơn vị</h3>
              {data.overdue.byUnit.length ? (
                <BarChart
                  label="Quá hạn theo đơn vị"
                  tone="overdue"
                  rows={data.overdue.byUnit.map((u) => ({
                    key: `${u.agencyCode}/${u.unitCode ?? ''}`,
                    // No unit: the agency as a whole (its leadership, its clerks, or the agency as a recipient).
                    label: u.unitCode ? `${u.unitName ?? u.unitCode} — ${agencyName(u.agencyCode)}` : `${agencyName(u.agencyCode)} (cả cơ quan)`,
                    value: u.count,
                  }))}
                />
              ) : (
                <p className="muted">Không có việc quá hạn.</p>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

/** A horizontal bar chart in HTML (it reflows on a phone), each bar with its number; rows with a link open the filtered list. */
function BarChart({ rows, label, tone }: { rows: Array<{ key: string; label: string; value: number; href?: string }>; label: string; tone?: 'overdue' }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure className={`chart ${tone ?? ''}`} aria-label={label} data-testid={`chart-${label}`}>
      <ul>
        {rows.map((r) => (
          <li key={r.key}>
            <span className="label">{r.href ? <Link to={r.href}>{r.label}</Link> : r.label}</span>
            <span className="bar" aria-hidden="true">
              <span style={{ width: `${(r.value / max) * 100}%` }} />
            </span>
            <span className="value">{r.value}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
