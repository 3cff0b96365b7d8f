import { api, type Notification } from '../api';
import { Empty, ErrorBox, Loading, useLoad } from '../components/ui';
import { NOTIFICATION_LABEL, formatDateTime } from '../format';
import { Link } from '../router';
import { useSession } from '../session';

/** Thông báo: newest first; opening one marks it read. */
export function NotificationsPage() {
  const { refreshNotifications } = useSession();
  const { data, error, loading, reload } = useLoad(() => api.get<Notification[]>('/api/notifications?limit=200'), []);
  const markRead = async (n: Notification) => {
    if (n.readAt) return;
    await api.post(`/api/notifications/${n.id}/read`).catch(() => {});
    refreshNotifications();
    reload();
  };
  const markAll = async () => {
    await Promise.all((data ?? []).filter((n) => !n.readAt).map((n) => api.post(`/api/notifications/${n.id}/read`).catch(() => {})));
    refreshNotifications();
    reload();
  };
  return (
    <section>
      <div className="heading">
        <h1>Thông báo</h1>
        {data?.some((n) => !n.readAt) && <button onClick={markAll}>Đánh dấu tất cả đã đọc</button>}
      </div>
      <ErrorBox error={error} />
      {loading && !data ? (
        <Loading />
      ) : !data || data.length === 0 ? (
        <Empty>Chưa có thông báo nào.</Empty>
      ) : (
        <ul className="cards">
          {data.map((n) => (
            <li key={n.id} className={`card notification ${n.readAt ? 'read' : 'unread'} kind-${n.kind}`}>
              <div className="row">
                <span className="badge kind">{NOTIFICATION_LABEL[n.kind] ?? n.kind}</span>
                <span className="muted">{formatDateTime(n.createdAt)}</span>
                {!n.readAt && <span className="badge unread-dot">Chưa đọc</span>}
              </div>
              <p>{n.message}</p>
              <div className="row">
                {n.documentId && (
                  <Link to={`/van-ban/${n.documentId}`} onClick={() => void markRead(n)}>
                    Mở văn bản
                  </Link>
                )}
                {n.incomingId && (
                  <Link to={`/van-ban-den/${n.incomingId}`} onClick={() => void markRead(n)}>
                    Mở văn bản đến
                  </Link>
                )}
                {!n.readAt && (
                  <button className="link" onClick={() => void markRead(n)}>
                    Đánh dấu đã đọc
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
