import { createDocumentMachine } from '../shared/document.machine';
import type { WorkflowDefinition } from '../shared/workflow-definition';

/** Giấy mời (GM), version 1. May go to signature without consultation. */
export const GiayMoiV1: WorkflowDefinition = {
  id: 'giay-moi',
  version: 1,
  documentType: 'GM',
  name: 'Giấy mời',
  machine: createDocumentMachine({ id: 'giay-moi', consultationOptional: true }),
};
