import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, getBlobWithHeaders, postForm } from '../api';
import { ErrorBox } from './ui';

interface Stored {
  url: string;
  widthMm: string | null;
}

/**
 * A signature image or a seal (Phụ lục I ô 7c, ô 8): what is stored now
 * (GET `path`, a PNG; 404 when none), a form to upload a PNG with a
 * transparent background and its width on paper (PUT), and removal (DELETE),
 * after which the PDF shows `fallback`.
 */
export function SignatureImage({
  path,
  title,
  fallback,
  defaultWidthMm,
  showTitle = true,
}: {
  path: string;
  title: string;
  fallback: string;
  defaultWidthMm: number;
  /** False where the page's own heading names it already. */
  showTitle?: boolean;
}) {
  const [stored, setStored] = useState<Stored | null | undefined>(undefined);
  const [file, setFile] = useState<File | null>(null);
  const [widthMm, setWidthMm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let url: string | null = null;
    let live = true;
    (async () => {
      try {
        const { blob, headers } = await getBlobWithHeaders(path);
        url = URL.createObjectURL(blob);
        if (live) setStored({ url, widthMm: headers.get('x-width-mm') });
      } catch (e) {
        // None uploaded is a 404: the PDF shows the fallback.
        if (live) (e instanceof ApiError && e.status === 404 ? setStored(null) : setError(e));
      }
    })();
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [path, version]);

  const upload = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      if (widthMm.trim()) form.append('widthMm', widthMm.trim());
      form.append('file', file, file.name);
      await postForm(path, form, 'PUT');
      setFile(null);
      setWidthMm('');
      (e.target as HTMLFormElement).reset();
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.delete(path);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signature-image" data-testid={`image-${title}`}>
      {showTitle && <h4>{title}</h4>}
      {stored === undefined && !error && <p className="muted">Đang tải…</p>}
      {stored === null && <p className="muted">Chưa tải lên: {fallback}.</p>}
      {stored && (
        <p className="preview">
          <img src={stored.url} alt={title} />
          <span className="muted">Rộng {stored.widthMm ?? '?'} mm trên giấy.</span>
          <button className="link" onClick={() => void remove()} disabled={busy}>
            Gỡ hình ảnh
          </button>
        </p>
      )}
      <form className="inline-form" onSubmit={upload} aria-label={`Tải lên ${title.toLowerCase()}`}>
        <label>
          Tệp PNG nền trong suốt
          <input type="file" accept="image/png" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
        </label>
        <label>
          Rộng (mm)
          <input type="number" min={10} max={60} step={0.5} placeholder={`theo tệp, hoặc ${defaultWidthMm}`} value={widthMm} onChange={(e) => setWidthMm(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || !file}>
          {busy ? 'Đang tải…' : stored ? 'Thay hình ảnh' : 'Tải lên'}
        </button>
      </form>
      <ErrorBox error={error} />
    </div>
  );
}
