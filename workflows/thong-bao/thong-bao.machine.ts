import { createDocumentMachine } from '../shared/document.machine';
import type { WorkflowDefinition } from '../shared/workflow-definition';

/** Thông báo (TB), version 1. Consulted on before it goes to signature. */
export const ThongBaoV1: WorkflowDefinition = {
  id: 'thong-bao',
  version: 1,
  documentType: 'TB',
  name: 'Thông báo',
  machine: createDocumentMachine({ id: 'thong-bao', consultationOptional: false }),
};
