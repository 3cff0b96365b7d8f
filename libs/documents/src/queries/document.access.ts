import type { EntityManager } from 'typeorm';
import { mayRead, NotFound, NotPermitted, type Actor } from '../../../domain/src';
import { activeDelegators, factsOf, SELECT_DOCUMENT, SELECT_DOCUMENT_FOR_UPDATE, type DocumentRow } from './document.view';

/** One document with its children, as the caller sees it (locked until commit with `forUpdate`); 404 when there is none. */
export async function loadDocument(tx: EntityManager, id: string, actor: Actor, forUpdate: boolean): Promise<DocumentRow> {
  const rows: DocumentRow[] = await tx.query(forUpdate ? SELECT_DOCUMENT_FOR_UPDATE : SELECT_DOCUMENT, [id, actor.username]);
  if (!rows[0]) throw new NotFound(`Không có văn bản ${id}`);
  return rows[0];
}

/** 403 unless the caller may see the document (SPEC §3). */
export function assertReadable(doc: DocumentRow, actor: Actor): void {
  if (!mayRead(factsOf(doc), actor, activeDelegators(doc))) {
    throw new NotPermitted('Người dùng không có quyền xem văn bản này');
  }
}
