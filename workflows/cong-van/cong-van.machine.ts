import { createDocumentMachine } from '../shared/document.machine';
import type { WorkflowDefinition } from '../shared/workflow-definition';

/** Công văn (CV), version 1. May go to signature without consultation. */
export const CongVanV1: WorkflowDefinition = {
  id: 'cong-van',
  version: 1,
  documentType: 'CV',
  name: 'Công văn',
  machine: createDocumentMachine({ id: 'cong-van', consultationOptional: true }),
};
