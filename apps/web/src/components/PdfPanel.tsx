import { useEffect, useState } from 'react';
import { getBlob, openBlob, saveBlob, type Doc } from '../api';
import type { Signature } from '../pages/DocumentPage';
import { formatDateTime } from '../format';
import { ErrorBox } from './ui';
import { pdfFileName } from '../../../../libs/domain/src/names';


/** Opens the document's PDF in a new tab. */
export function openPdf(doc: Pick<Doc, 'id'>): Promise<void> {
  return openBlob(`/api/documents/${doc.id}/pdf`);
}

/**
 * Văn bản PDF: the document as Nghị định 30 lays it out — a draft until it is
 * signed, then the signed file — previewed in the page, downloadable, with its
 * digital signatures in words.
 */
export function PdfPanel({ doc, signature }: { doc: Doc; signature: Signature | null }) {
  const [url, setUrl] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    let made: string | null = null;
    getBlob(`/api/documents/${doc.id}/pdf`).then(
      (blob) => {
        if (!live) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [open, doc.id, doc.version]);
  const download = async () => {
    setError(null);
    try {
      saveBlob(await getBlob(`/api/documents/${doc.id}/pdf`), pdfFileName(doc));
    } catch (e) {
      setError(e);
    }
  };
  const list = signature?.pdf?.signatures ?? [];
  return (
    <section aria-labelledby="pdf-title">
      <h2 id="pdf-title">Văn bản PDF</h2>
      <p className="muted">{doc.number ? 'Bản đã ký số, theo thể thức Nghị định 30/2020/NĐ-CP.' : 'Bản dự thảo (chưa có số, ngày; có dấu DỰ THẢO), theo thể thức Nghị định 30/2020/NĐ-CP.'}</p>
      {list.length > 0 && (
        <ul className="signatures" aria-label="Chữ ký số trên văn bản PDF">
          {list.map((s, i) => (
            <li key={i} className={s.valid ? 'ok' : 'bad'}>
              {s.valid ? '✓ Hợp lệ' : '✗ KHÔNG hợp lệ'}: {s.signer}
              {s.signedAt && <span className="muted"> — {i === 0 ? 'ký' : 'phát hành'} lúc {formatDateTime(s.signedAt)}</span>}
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <button aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Ẩn bản xem trước' : 'Xem trước PDF'}
        </button>
        <button onClick={() => void download()}>Tải PDF</button>
      </div>
      <ErrorBox error={error} />
      {open && url && <iframe className="pdf-preview" src={url} title={`Bản PDF: ${doc.title}`} />}
    </section>
  );
}
