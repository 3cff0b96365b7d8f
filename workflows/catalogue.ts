import { DOCUMENT_TYPE_CATALOGUE, type DocumentType } from '../libs/domain/src/types';
import { createDocumentMachine } from './shared/document.machine';
import type { WorkflowDefinition } from './shared/workflow-definition';

/**
 * The workflow of every document type (SPEC §2, §9): one id per type, its
 * versions, and whether the type must be consulted on (the catalogue in
 * libs/domain/src/types.ts says, from Nghị định 30 Phụ lục III).
 *
 * - Version 1: the nine types examflow started with; the drafter submits
 *   straight to the signer. Documents that started on it finish on it.
 * - Version 2, every type: review before signature (Điều 12.1): an officer's
 *   submission waits for the drafting unit's head.
 */
export const WORKFLOW_IDS: Readonly<Record<DocumentType, string>> = {
  NQ: 'nghi-quyet',
  QĐ: 'quyet-dinh',
  CT: 'chi-thi',
  QC: 'quy-che',
  QyĐ: 'quy-dinh',
  HD: 'huong-dan',
  KH: 'ke-hoach',
  CTr: 'chuong-trinh',
  PA: 'phuong-an',
  ĐA: 'de-an',
  DA: 'du-an',
  TB: 'thong-bao',
  TC: 'thong-cao',
  BC: 'bao-cao',
  TTr: 'to-trinh',
  BB: 'bien-ban',
  CV: 'cong-van',
  CĐ: 'cong-dien',
  HĐ: 'hop-dong',
  BGN: 'ban-ghi-nho',
  BTT: 'ban-thoa-thuan',
  GM: 'giay-moi',
  GGT: 'giay-gioi-thieu',
  GUQ: 'giay-uy-quyen',
  GNP: 'giay-nghi-phep',
  PG: 'phieu-gui',
  PC: 'phieu-chuyen',
  PB: 'phieu-bao',
};

/** The types of version 1 (SPEC Part one). */
const VERSION_1_TYPES: readonly DocumentType[] = ['KH', 'QĐ', 'TB', 'BC', 'HD', 'CT', 'TTr', 'GM', 'CV'];

function definition(type: (typeof DOCUMENT_TYPE_CATALOGUE)[number], version: 1 | 2): WorkflowDefinition {
  const id = WORKFLOW_IDS[type.code];
  return {
    id,
    version,
    documentType: type.code,
    name: type.name,
    machine: createDocumentMachine({ id, consultationOptional: !type.consultation, review: version >= 2 }),
  };
}

export const BUILT_IN_WORKFLOWS: readonly WorkflowDefinition[] = [
  ...DOCUMENT_TYPE_CATALOGUE.filter((t) => VERSION_1_TYPES.includes(t.code)).map((t) => definition(t, 1)),
  ...DOCUMENT_TYPE_CATALOGUE.map((t) => definition(t, 2)),
];
