import { useEffect } from 'react';
import { api, NOTIFIED_EVENT, type DocumentState, type Task } from '../api';
import { Deadline, Empty, ErrorBox, Loading, StateBadge, UrgencyBadge, useLoad } from '../components/ui';
import { INCOMING_STATE_LABEL, TASK_LABEL, TYPE_LABEL } from '../format';
import { Link } from '../router';
import { useSession } from '../session';

/** Việc của tôi: what the caller owes now, soonest deadline first. */
export function TasksPage() {
  const { userName } = useSession();
  const { data, error, loading, reload } = useLoad(() => api.get<Task[]>('/api/tasks'), []);
  // New work arrives while the page is open (a document sent for opinion, for signature): it comes with a
  // notification, so look again when one is pushed, and every minute (time left, a push lost).
  useEffect(() => {
    const timer = setInterval(reload, 60_000);
    window.addEventListener(NOTIFIED_EVENT, reload);
    return () => {
      clearInterval(timer);
      window.removeEventListener(NOTIFIED_EVENT, reload);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const tasks = [...(data ?? [])].sort((a, b) => {
    if (a.deadline === b.deadline) return 0;
    if (!a.deadline) return 1;
    if (!b.deadline) return -1;
    return a.deadline < b.deadline ? -1 : 1;
  });
  return (
    <section>
      <h1>Việc của tôi</h1>
      <ErrorBox error={error} />
      {loading && !data ? (
        <Loading />
      ) : tasks.length === 0 ? (
        <Empty>Không có việc nào đang chờ bạn.</Empty>
      ) : (
        <ul className="cards" aria-label="Danh sách việc">
          {tasks.map((t) => (
            <li key={`${t.kind}:${t.incomingId ?? t.documentId}`} className={t.overdue ? 'card task overdue' : 'card task'}>
              <div className="row">
                <span className="badge kind">{TASK_LABEL[t.kind] ?? t.kind}</span>
                <UrgencyBadge urgency={t.urgency} />
                {t.incomingId ? (
                  <span className={`badge state incoming-${t.state}`}>{INCOMING_STATE_LABEL[t.state] ?? t.state}</span>
                ) : (
                  <StateBadge state={t.state as DocumentState} />
                )}
              </div>
              <Link to={t.incomingId ? `/van-ban-den/${t.incomingId}` : `/van-ban/${t.documentId}`} className="title">
                {TYPE_LABEL[t.type] ?? t.type}: {t.title}
              </Link>
              {t.number && <div className="muted">Số {t.number}</div>}
              <div>
                Hạn: <Deadline at={t.deadline} />
              </div>
              {t.onBehalfOf && <div className="muted">Ký thay cho {userName(t.onBehalfOf)} (được ủy quyền)</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
