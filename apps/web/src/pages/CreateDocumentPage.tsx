import { CONFIDENTIALITIES, CONFIDENTIALITY_MARK, DRAFTING_POSITIONS, type Confidentiality } from '../../../../libs/domain/src/types';
import { TypeOptions } from '../components/TypeOptions';
import { useEffect, useState, type FormEvent } from 'react';
import { api, type Campaign, type Doc, type Urgency } from '../api';
import { ErrorBox } from '../components/ui';
import { URGENCIES, URGENCY_LABEL } from '../format';
import { navigate } from '../router';
import { useSession } from '../session';

/** Soạn dự thảo: type, title, body, urgency, the exam campaign it serves; the draft belongs to the caller's unit. */
export function CreateDocumentPage() {
  const { user, unitName } = useSession();
  const [type, setType] = useState('KH');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [urgency, setUrgency] = useState<Urgency>('normal');
  const [confidentiality, setConfidentiality] = useState<Confidentiality>('normal');
  const [campaignId, setCampaignId] = useState('');
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  useEffect(() => {
    api.get<Campaign[]>('/api/campaigns').then(setCampaigns, () => setCampaigns([]));
  }, []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const doc = await api.post<Doc>('/api/documents', { type, title, body, urgency, confidentiality, ...(campaignId ? { campaignId } : {}) });
      navigate(`/van-ban/${doc.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  if (!DRAFTING_POSITIONS.includes(user.position)) {
    return (
      <section>
        <h1>Soạn dự thảo mới</h1>
        <p className="empty">Chỉ chuyên viên và lãnh đạo đơn vị soạn dự thảo; văn bản thuộc đơn vị của người soạn.</p>
      </section>
    );
  }
  return (
    <section>
      <h1>Soạn dự thảo mới</h1>
      <p className="muted">Đơn vị soạn thảo: {unitName(user.agencyCode ?? undefined, user.unitCode)}</p>
      <form className="form" onSubmit={submit}>
        <label>
          Loại văn bản
          <select name="type" value={type} onChange={(e) => setType(e.target.value)}>
            <TypeOptions withCodes />
          </select>
        </label>
        <label>
          Trích yếu
          <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={1000} required />
        </label>
        <label>
          Nội dung
          <textarea name="body" rows={10} value={body} onChange={(e) => setBody(e.target.value)} />
        </label>
        <fieldset>
          <legend>Độ khẩn</legend>
          <div className="row">
            {URGENCIES.map((u) => (
              <label key={u} className="check">
                <input type="radio" name="urgency" value={u} checked={urgency === u} onChange={() => setUrgency(u)} />
                {URGENCY_LABEL[u]}
              </label>
            ))}
          </div>
        </fieldset>
        <label>
          Độ mật
          <select name="confidentiality" value={confidentiality} onChange={(e) => setConfidentiality(e.target.value as Confidentiality)}>
            {CONFIDENTIALITIES.map((c) => (
              <option key={c} value={c}>
                {CONFIDENTIALITY_MARK[c] ?? 'Thường'}
              </option>
            ))}
          </select>
          {confidentiality !== 'normal' && (
            <small className="muted">
              Văn bản mật lấy số riêng, chỉ người có tên trên văn bản và lãnh đạo cơ quan được xem, không gửi qua thư điện tử.
            </small>
          )}
        </label>
        {campaigns.length > 0 && (
          <label>
            Kỳ thi (thời hạn có thể tính theo lịch thi)
            <select name="campaignId" value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
              <option value="">Không thuộc kỳ thi nào</option>
              {campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.code})
                </option>
              ))}
            </select>
          </label>
        )}
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy}>
          Tạo dự thảo
        </button>
      </form>
    </section>
  );
}
