import { useState, type FormEvent } from 'react';
import { ApiError, api, postForm } from '../api';
import { SignatureImage } from '../components/SignatureImage';
import { ErrorBox, Loading, useLoad } from '../components/ui';
import { formatDateTime } from '../format';

interface Certificate {
  subject: string;
  issuer: string;
  source: 'issued' | 'imported';
  notAfter: string;
}

/**
 * Chữ ký số (those who sign): the certificate their signatures carry (issued
 * by the deployment's CA at their first signature, or a PKCS#12 they bring
 * from a real CA: PUT /api/me/certificate) and the image of their signature
 * that the signed PDF shows between their title and name (Phụ lục I ô 7c).
 */
export function CertificatePage() {
  const [version, setVersion] = useState(0);
  const { data, error, loading } = useLoad(
    () => api.get<Certificate>('/api/me/certificate').catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))),
    [version],
  );
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [importError, setImportError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setImportError(null);
    setDone(false);
    try {
      const form = new FormData();
      form.append('passphrase', passphrase);
      form.append('file', file, file.name);
      await postForm('/api/me/certificate', form, 'PUT');
      setPassphrase('');
      (e.target as HTMLFormElement).reset();
      setFile(null);
      setDone(true);
      setVersion((v) => v + 1);
    } catch (err) {
      setImportError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1>Chữ ký số</h1>
      <div className="card">
        <h2>Chứng thư số</h2>
        <ErrorBox error={error} />
        {loading && data === undefined ? (
          <Loading />
        ) : data ? (
          <dl className="meta" data-testid="certificate">
            <dt>Chủ thể</dt>
            <dd>{data.subject}</dd>
            <dt>Tổ chức cấp</dt>
            <dd>{data.issuer}</dd>
            <dt>Nguồn</dt>
            <dd>{data.source === 'imported' ? 'Bạn đã đăng ký (tệp PKCS#12)' : 'Hệ thống cấp'}</dd>
            <dt>Hiệu lực đến</dt>
            <dd>{formatDateTime(data.notAfter)}</dd>
          </dl>
        ) : (
          <p className="muted">Chưa có: hệ thống cấp chứng thư khi bạn ký văn bản đầu tiên, hoặc bạn đăng ký chứng thư của mình dưới đây.</p>
        )}
        <p className="muted">
          Người nhận kiểm tra chữ ký bằng chứng thư của tổ chức cấp: <a href="/api/ca.pem" download="examflow-ca.pem">tải chứng thư gốc (CA)</a>.
        </p>
        <form className="form" onSubmit={submit} aria-label="Đăng ký chứng thư số">
          <h3>Đăng ký chứng thư từ tổ chức cung cấp dịch vụ chứng thực</h3>
          <label>
            Tệp PKCS#12 (.p12, .pfx)
            <input type="file" accept=".p12,.pfx,application/x-pkcs12" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
          </label>
          <label>
            Mật khẩu của tệp
            <input type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
          </label>
          <ErrorBox error={importError} />
          {done && (
            <p className="success" role="status">
              Đã đăng ký: các văn bản bạn ký từ nay mang chứng thư này.
            </p>
          )}
          <button type="submit" disabled={busy || !file}>
            {busy ? 'Đang đăng ký…' : 'Đăng ký'}
          </button>
        </form>
      </div>
      <div className="card">
        <h2>Hình ảnh chữ ký</h2>
        <p className="muted">
          Nghị định 30 (Phụ lục I, 7.d): hình ảnh chữ ký của bạn trên văn bản giấy, màu xanh, PNG nền trong suốt; đặt giữa chức vụ và họ tên trên văn bản bạn ký.
        </p>
        <SignatureImage path="/api/me/signature-image" title="Hình ảnh chữ ký" fallback="văn bản hiển thị «Đã ký số», họ tên và thời gian ký" defaultWidthMm={40} showTitle={false} />
      </div>
    </section>
  );
}
