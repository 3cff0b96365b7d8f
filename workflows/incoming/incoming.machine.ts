import { setup, transition } from 'xstate';

/**
 * The lifecycle of an incoming item (văn bản đến, Nghị định 30 Điều 21–24;
 * SPEC §7), as a pure XState v5 machine: received → registered (số đến) →
 * assigned (to a lead unit, by a leader) → in_progress → done, or returned
 * to its sender (sent to the wrong place), or recalled with its source. Who may send an event is the
 * policy's question (libs/incoming), deadlines live in PostgreSQL.
 */
import { INCOMING_EVENTS, type IncomingEventType, type IncomingState } from '../../libs/domain/src/types';

export { INCOMING_EVENTS, type IncomingEventType, type IncomingState };

/** The clients' events, and the system's RECALLED (the source document was recalled). */
export type IncomingEvent = { type: IncomingEventType | 'RECALLED' };

export const incomingMachine = setup({
  types: { events: {} as IncomingEvent },
}).createMachine({
  id: 'van-ban-den',
  initial: 'received',
  states: {
    received: { on: { REGISTER: 'registered', RETURN_TO_SENDER: 'returned', RECALLED: 'recalled' } },
    registered: { on: { ASSIGN: 'assigned', RETURN_TO_SENDER: 'returned', RECALLED: 'recalled' } },
    assigned: { on: { UPDATE: 'in_progress', COMPLETE: 'done', RECALLED: 'recalled' } },
    in_progress: { on: { UPDATE: 'in_progress', COMPLETE: 'done', RECALLED: 'recalled' } },
    done: { type: 'final' },
    returned: { type: 'final' },
    // Its source document was recalled (Nghị định 30 Điều 18.4b): nothing more is owed on it.
    recalled: { type: 'final' },
  },
});

export interface IncomingWorkflow {
  id: string;
  version: number;
  machine: typeof incomingMachine;
}

/** Version 1; an item in flight is stepped with the version it recorded. */
export const VanBanDenV1: IncomingWorkflow = { id: 'van-ban-den', version: 1, machine: incomingMachine };

const VERSIONS: readonly IncomingWorkflow[] = [VanBanDenV1];

/** Every version, oldest first (GET /api/workflows lists them beside the documents'). */
export function allIncomingWorkflows(): readonly IncomingWorkflow[] {
  return VERSIONS;
}

export function incomingWorkflow(id: string, version: number): IncomingWorkflow {
  const def = VERSIONS.find((v) => v.id === id && v.version === version);
  if (!def) throw new Error(`incoming workflow ${id}@${version} is not registered`);
  return def;
}

export function latestIncomingWorkflow(): IncomingWorkflow {
  return VERSIONS[VERSIONS.length - 1];
}

/** The events the state takes (for a 409's message and `availableEvents`). */
export function incomingEventsIn(def: IncomingWorkflow, state: IncomingState): IncomingEventType[] {
  const node = def.machine.states[state];
  return node ? ([...node.ownEvents].filter((t) => (INCOMING_EVENTS as readonly string[]).includes(t)) as IncomingEventType[]) : [];
}

/** One pure step: the next state, or null when the state does not take the event. */
export function stepIncoming(def: IncomingWorkflow, state: IncomingState, event: IncomingEvent): IncomingState | null {
  const current = def.machine.resolveState({ value: state, context: {} });
  if (!current.can(event)) return null;
  const [next] = transition(def.machine, current, event);
  return next.value as IncomingState;
}
