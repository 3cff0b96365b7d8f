import { createDocumentMachine } from '../shared/document.machine';
import type { WorkflowDefinition } from '../shared/workflow-definition';

/** Chỉ thị (CT), version 1. Consulted on before it goes to signature. */
export const ChiThiV1: WorkflowDefinition = {
  id: 'chi-thi',
  version: 1,
  documentType: 'CT',
  name: 'Chỉ thị',
  machine: createDocumentMachine({ id: 'chi-thi', consultationOptional: false }),
};
