import { useState } from 'react';
import { api } from '../api';
import { Empty, ErrorBox, Loading, useLoad } from '../components/ui';
import { formatDateTime } from '../format';
import type { AuditAction } from '../../../../libs/domain/src/audit-actions';

interface AuditEntry {
  id: string;
  at: string;
  actor: string | null;
  address: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
}

/** What each action of the trail means, for a person reading it. */
const ACTIONS: Record<AuditAction, string> = {
  'login.failed': 'Đăng nhập sai',
  'login.throttled': 'Đăng nhập bị tạm chặn',
  logout: 'Đăng xuất',
  'password.change': 'Đổi mật khẩu',
  'password.change_failed': 'Đổi mật khẩu không thành (sai mật khẩu hiện tại)',
  forbidden: 'Bị từ chối quyền',
  'org.import': 'Nạp tổ chức',
  'campaign.create': 'Tạo kỳ thi',
  'campaign.change': 'Sửa kỳ thi',
  'campaign.remind': 'Nhắc các nơi báo cáo chậm',
  'user.disable': 'Khóa tài khoản',
  'user.enable': 'Mở khóa tài khoản',
  'calendar.change': 'Sửa lịch làm việc',
  'delegation.create': 'Ủy quyền ký',
  'delegation.revoke': 'Thu hồi ủy quyền',
  'authorisation.create': 'Giao ký thừa ủy quyền',
  'authorisation.revoke': 'Thu hồi ủy quyền ký',
  'document.read_secret': 'Đọc văn bản mật',
  'certificate.import': 'Đăng ký chứng thư số (PKCS#12)',
  'signature_image.change': 'Thay hình ảnh chữ ký',
  'seal.change': 'Thay hình ảnh dấu cơ quan',
};

/** Nhật ký hệ thống (admins): the audit trail, newest first, and the way into Bull Board. */
export function AuditPage() {
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [boardError, setBoardError] = useState<unknown>(null);
  const { data, error, loading } = useLoad(
    () => api.get<AuditEntry[]>(`/api/audit?limit=200${action ? `&action=${action}` : ''}${actor.trim() ? `&actor=${encodeURIComponent(actor.trim())}` : ''}`),
    [action, actor],
  );
  const openBoard = async () => {
    setBoardError(null);
    try {
      // A one-time code (60 s): the board never sees the token in its URL.
      const { url } = await api.post<{ url: string }>('/api/admin/board-code');
      window.location.assign(url);
    } catch (e) {
      setBoardError(e);
    }
  };
  return (
    <section>
      <div className="heading">
        <h1>Nhật ký hệ thống</h1>
        <button onClick={() => void openBoard()}>Mở hàng đợi (Bull Board)</button>
      </div>
      <div className="filters">
        <label>
          Hành động
          <select value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">Tất cả</option>
            {Object.entries(ACTIONS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Người dùng
          <input value={actor} onChange={(e) => setActor(e.target.value)} placeholder="tên đăng nhập" />
        </label>
      </div>
      <ErrorBox error={error ?? boardError} />
      {loading && !data ? (
        <Loading />
      ) : !data || data.length === 0 ? (
        <Empty>Không có mục nào.</Empty>
      ) : (
        <div className="scroll">
          <table className="list audit">
            <thead>
              <tr>
                <th>Thời điểm</th>
                <th>Người dùng</th>
                <th>Địa chỉ</th>
                <th>Hành động</th>
                <th>Đối tượng</th>
              </tr>
            </thead>
            <tbody>
              {data.map((e) => (
                <tr key={e.id}>
                  <td data-label="Thời điểm">{formatDateTime(e.at)}</td>
                  <td data-label="Người dùng">{e.actor ?? '—'}</td>
                  <td data-label="Địa chỉ">{e.address ?? '—'}</td>
                  <td data-label="Hành động">{ACTIONS[e.action as AuditAction] ?? e.action}</td>
                  <td data-label="Đối tượng">{e.target ?? (e.detail ? JSON.stringify(e.detail).slice(0, 120) : '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
