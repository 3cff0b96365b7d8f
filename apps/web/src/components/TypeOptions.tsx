import { DOCUMENT_TYPE_CATALOGUE, DOCUMENT_TYPE_GROUP_NAMES, type DocumentTypeGroup } from '../../../../libs/domain/src/types';

const GROUPS = Object.keys(DOCUMENT_TYPE_GROUP_NAMES) as DocumentTypeGroup[];

/** The types of Phụ lục III as a select's options, grouped the way a văn thư thinks of them. */
export function TypeOptions({ withCodes = false }: { withCodes?: boolean }) {
  return (
    <>
      {GROUPS.map((g) => (
        <optgroup key={g} label={DOCUMENT_TYPE_GROUP_NAMES[g]}>
          {DOCUMENT_TYPE_CATALOGUE.filter((t) => t.group === g).map((t) => (
            <option key={t.code} value={t.code}>
              {t.name}
              {withCodes && t.code !== 'CV' ? ` (${t.code})` : ''}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
