import { createDocumentMachine } from '../shared/document.machine';
import type { WorkflowDefinition } from '../shared/workflow-definition';

/** Quyết định (QĐ), version 1. Consulted on before it goes to signature. */
export const QuyetDinhV1: WorkflowDefinition = {
  id: 'quyet-dinh',
  version: 1,
  documentType: 'QĐ',
  name: 'Quyết định',
  machine: createDocumentMachine({ id: 'quyet-dinh', consultationOptional: false }),
};
