import { createDocumentMachine } from '../shared/document.machine';
import type { WorkflowDefinition } from '../shared/workflow-definition';

/** Kế hoạch (KH), version 1. Consulted on before it goes to signature. */
export const KeHoachV1: WorkflowDefinition = {
  id: 'ke-hoach',
  version: 1,
  documentType: 'KH',
  name: 'Kế hoạch',
  machine: createDocumentMachine({ id: 'ke-hoach', consultationOptional: false }),
};
