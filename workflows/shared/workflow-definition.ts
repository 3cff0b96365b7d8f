import { transition, type SnapshotFrom } from 'xstate';
import { SYSTEM_EVENTS, type DocumentType } from '../../libs/domain/src/types';
import type { DocumentContext, DocumentEvent, DocumentMachine } from './document.machine';

/** One versioned workflow: the machine a document of `documentType` follows. */
export interface WorkflowDefinition {
  id: string;
  version: number;
  documentType: DocumentType;
  name: string;
  machine: DocumentMachine;
}

export type DocumentSnapshot = SnapshotFrom<DocumentMachine>;

/** What a document row stores: enough to resume on the same definition. */
export interface PersistedDocumentSnapshot {
  value: string;
  context: DocumentContext;
}

export function initialSnapshot(def: WorkflowDefinition): PersistedDocumentSnapshot {
  const s = def.machine.resolveState({ value: 'draft', context: { pendingConsultees: [], pendingReports: [] } });
  return { value: s.value as string, context: s.context };
}

export function restore(def: WorkflowDefinition, persisted: PersistedDocumentSnapshot): DocumentSnapshot {
  return def.machine.resolveState({ value: persisted.value, context: persisted.context });
}

const SYSTEM_EVENT_TYPES: ReadonlySet<string> = new Set(SYSTEM_EVENTS);

/** The event types a client may send in the state, guards aside (for a 409's message). */
export function acceptedEventTypes(def: WorkflowDefinition, state: string): string[] {
  const node = def.machine.states[state as keyof typeof def.machine.states];
  if (!node) return [];
  return [...node.ownEvents].filter((t) => !t.startsWith('xstate.') && !SYSTEM_EVENT_TYPES.has(t));
}

/**
 * One pure step. `null` when the machine refuses the event (wrong state or a
 * guard said no); otherwise the next persisted snapshot.
 */
export function step(
  def: WorkflowDefinition,
  persisted: PersistedDocumentSnapshot,
  event: DocumentEvent,
): PersistedDocumentSnapshot | null {
  const current = restore(def, persisted);
  if (!current.can(event)) return null;
  const [next] = transition(def.machine, current, event);
  return { value: next.value as string, context: next.context };
}
