import { createDocumentMachine } from '../shared/document.machine';
import type { WorkflowDefinition } from '../shared/workflow-definition';

/** Báo cáo (BC), version 1. Consulted on before it goes to signature. */
export const BaoCaoV1: WorkflowDefinition = {
  id: 'bao-cao',
  version: 1,
  documentType: 'BC',
  name: 'Báo cáo',
  machine: createDocumentMachine({ id: 'bao-cao', consultationOptional: false }),
};
