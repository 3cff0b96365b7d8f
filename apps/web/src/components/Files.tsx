import { DRAFTING_POSITIONS } from '../../../../libs/domain/src/types';
import { useRef, useState, type DragEvent } from 'react';
import { api, getBlob, postForm, saveBlob, type Doc, type FileView } from '../api';
import { formatDateTime } from '../format';
import { useSession } from '../session';
import { ErrorBox, useLoad } from './ui';

const KIND_LABEL: Record<FileView['kind'], string> = { draft: 'Dự thảo', annex: 'Phụ lục', report: 'Báo cáo' };
/** The states in which the drafting unit attaches drafts and annexes (SPEC §6); the server decides in the end. */
const ATTACHING = new Set(['draft', 'consulting', 'consulted']);

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

/**
 * Tệp đính kèm: the drafts by revision (dự thảo lần N), the annexes and the
 * reports' files, each with who uploaded it and when, a download button, and
 * — for the drafting unit while it may — a drop zone and a picker to attach
 * more (and, in draft, a button to remove one).
 */
export function Files({ doc, onChanged }: { doc: Doc; onChanged: () => void }) {
  const { user, userName } = useSession();
  const files = useLoad(() => api.get<FileView[]>(`/api/documents/${doc.id}/files`), [doc.id, doc.version]);
  const [kind, setKind] = useState<'draft' | 'annex'>('draft');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const drafting =
    DRAFTING_POSITIONS.includes(user.position) &&
    user.agencyCode === doc.agencyCode &&
    (user.unitCode === doc.unitCode || user.username === doc.drafter);
  const mayAttach = drafting && ATTACHING.has(doc.state);

  const upload = async (list: FileList | File[] | null) => {
    const chosen = list ? Array.from(list) : [];
    if (!chosen.length) return;
    setError(null);
    try {
      for (const file of chosen) {
        setBusy(`Đang tải lên ${file.name}…`);
        const form = new FormData();
        form.append('kind', kind);
        form.append('file', file, file.name);
        await postForm<FileView>(`/api/documents/${doc.id}/files`, form);
      }
      onChanged();
    } catch (e) {
      setError(e);
      onChanged();
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  };
  const download = async (f: FileView) => {
    setError(null);
    try {
      saveBlob(await getBlob(`/api/documents/${doc.id}/files/${f.id}`), f.name);
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (f: FileView) => {
    setError(null);
    try {
      await api.delete(`/api/documents/${doc.id}/files/${f.id}`);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void upload(e.dataTransfer.files);
  };

  const list = files.data ?? [];
  if (!mayAttach && list.length === 0) return null;
  return (
    <section aria-labelledby="files-title">
      <h2 id="files-title">Tệp đính kèm</h2>
      {list.length > 0 && (
        <table className="list" aria-label="Tệp đính kèm">
          <thead>
            <tr>
              <th>Tệp</th>
              <th>Loại</th>
              <th>Người tải lên</th>
              <th>
                <span className="visually-hidden">Thao tác</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((f) => (
              <tr key={f.id}>
                <td data-label="Tệp">
                  {f.name} <span className="muted">({fileSize(f.size)})</span>
                </td>
                <td data-label="Loại">{f.kind === 'draft' ? `Dự thảo lần ${f.revision}` : KIND_LABEL[f.kind]}</td>
                <td data-label="Người tải lên">
                  {userName(f.uploadedBy)}
                  <div className="muted">{formatDateTime(f.uploadedAt)}</div>
                </td>
                <td className="actions">
                  <button className="link" aria-label={`Tải về ${f.name}`} onClick={() => void download(f)}>
                    Tải về
                  </button>
                  {drafting && doc.state === 'draft' && f.kind !== 'report' && (
                    <>
                      {' '}
                      <button className="link" aria-label={`Gỡ ${f.name}`} onClick={() => void remove(f)}>
                        Gỡ
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayAttach && (
        <div
          className={`dropzone${over ? ' over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={drop}
          data-testid="dropzone"
        >
          <p>Kéo thả tệp vào đây, hoặc</p>
          <div className="row">
            <label>
              Loại tệp{' '}
              <select value={kind} onChange={(e) => setKind(e.target.value as 'draft' | 'annex')}>
                <option value="draft">Dự thảo (lần mới)</option>
                <option value="annex">Phụ lục</option>
              </select>
            </label>
            <label className="button">
              Chọn tệp…
              <input ref={input} type="file" multiple className="visually-hidden" aria-label="Chọn tệp đính kèm" onChange={(e) => void upload(e.target.files)} />
            </label>
          </div>
          <p className="muted">PDF, Word, Excel, OpenDocument, ảnh PNG/JPEG, ZIP; tối đa 50 MB mỗi tệp.</p>
        </div>
      )}
      {busy && (
        <p role="status" className="muted">
          {busy}
        </p>
      )}
      <ErrorBox error={error} />
    </section>
  );
}
