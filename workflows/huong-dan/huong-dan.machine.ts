import { createDocumentMachine } from '../shared/document.machine';
import type { WorkflowDefinition } from '../shared/workflow-definition';

/** Hướng dẫn (HD), version 1. Consulted on before it goes to signature. */
export const HuongDanV1: WorkflowDefinition = {
  id: 'huong-dan',
  version: 1,
  documentType: 'HD',
  name: 'Hướng dẫn',
  machine: createDocumentMachine({ id: 'huong-dan', consultationOptional: false }),
};
