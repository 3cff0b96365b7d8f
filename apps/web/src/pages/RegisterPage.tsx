import { useState } from 'react';
import { ApiError, api, getToken, qs } from '../api';
import { Empty, ErrorBox, Loading, YearFilter, thisYear, useLoad } from '../components/ui';
import { Link } from '../router';
import { useSession } from '../session';
import { OUTGOING_COLUMNS, type OutgoingRow } from '../../../../libs/domain/src/register';

/** Sổ văn bản đi (Nghị định 30, Phụ lục IV): the agency's numbers of a year, in order, and its CSV. */
export function RegisterPage() {
  const { user, org } = useSession();
  const [year, setYear] = useState(thisYear);
  const [agency, setAgency] = useState(user.agencyCode ?? org.agencies[0]?.code ?? '');
  const admin = user.position === 'admin';
  const params = { year, agency: admin ? agency || undefined : undefined };
  const { data, error, loading } = useLoad(() => api.get<OutgoingRow[]>(`/api/registers/outgoing${qs(params)}`), [year, agency]);
  const [downloadError, setDownloadError] = useState<unknown>(null);

  const download = async () => {
    setDownloadError(null);
    try {
      const res = await fetch(`/api/registers/outgoing${qs({ ...params, format: 'csv' })}`, { headers: { Authorization: `Bearer ${getToken()}` } });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        const message = (body as { message?: string | string[] } | null)?.message;
        throw new ApiError(res.status, message ? [message].flat() : [], body);
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `so-van-ban-di-${params.agency ?? user.agencyCode}-${year}.csv`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setDownloadError(e);
    }
  };

  return (
    <section>
      <div className="heading">
        <h1>Sổ đăng ký văn bản đi</h1>
        <button onClick={() => void download()}>Tải tệp CSV (Excel)</button>
      </div>
      <div className="filters">
        <YearFilter year={year} onChange={setYear} />
        {admin && (
          <label>
            Cơ quan
            <select value={agency} onChange={(e) => setAgency(e.target.value)}>
              {org.agencies.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ErrorBox error={error ?? downloadError} />
      {loading && !data ? (
        <Loading />
      ) : !data || data.length === 0 ? (
        <Empty>Chưa có văn bản nào được cấp số trong năm {year}.</Empty>
      ) : (
        <div className="scroll">
          <table className="list register">
            <thead>
              <tr>
                {OUTGOING_COLUMNS.map(([key, header]) => (
                  <th key={key}>{header}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.map((r) => (
                <tr key={r.documentId}>
                  {OUTGOING_COLUMNS.map(([key, header]) => (
                    <td key={key} data-label={header}>
                      {key === 'number' ? <Link to={`/van-ban/${r.documentId}`}>{r.number}</Link> : (r[key] ?? '')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
