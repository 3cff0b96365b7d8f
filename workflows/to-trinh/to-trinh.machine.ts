import { createDocumentMachine } from '../shared/document.machine';
import type { WorkflowDefinition } from '../shared/workflow-definition';

/** Tờ trình (TTr), version 1. Consulted on before it goes to signature. */
export const ToTrinhV1: WorkflowDefinition = {
  id: 'to-trinh',
  version: 1,
  documentType: 'TTr',
  name: 'Tờ trình',
  machine: createDocumentMachine({ id: 'to-trinh', consultationOptional: false }),
};
