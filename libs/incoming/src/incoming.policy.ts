import { DRAFTING_POSITIONS, isLeader, isLeaderOrClerk, type Actor } from '../../domain/src';
import type { IncomingEventType } from '../../../workflows/incoming/incoming.machine';

/** What the rules of an incoming item read (SPEC §7 table). Pure. */
export interface IncomingFacts {
  agencyCode: string;
  leadUnit: string | null;
  cooperating: string[];
  infoUnits: string[];
}

/** Whether the actor is of the lead or a cooperating unit of the item. */
const works = (item: IncomingFacts, actor: Actor) =>
  actor.unitCode !== null && (actor.unitCode === item.leadUnit || item.cooperating.includes(actor.unitCode));

/** Whether the actor may send the event, the state aside (the machine decides that). */
export function mayAttemptIncoming(event: IncomingEventType, item: IncomingFacts, actor: Actor): boolean {
  if (actor.agencyCode !== item.agencyCode) return false;
  switch (event) {
    case 'REGISTER':
    case 'RETURN_TO_SENDER':
      return actor.position === 'clerk';
    case 'ASSIGN':
      return isLeader(actor);
    case 'UPDATE':
      return works(item, actor);
    case 'COMPLETE':
      return DRAFTING_POSITIONS.includes(actor.position) && actor.unitCode !== null && actor.unitCode === item.leadUnit;
  }
}

/**
 * Who may attach a file, and in which states: the receiving agency's clerk
 * (the scan) until the item is done or returned; the lead and cooperating
 * units (their working files) while it is assigned to them.
 */
export function mayAddIncomingFile(item: IncomingFacts & { state: string }, actor: Actor): 'yes' | 'not-permitted' | 'wrong-state' {
  if (actor.agencyCode !== item.agencyCode) return 'not-permitted';
  if (actor.position === 'clerk') return ['received', 'registered', 'assigned', 'in_progress'].includes(item.state) ? 'yes' : 'wrong-state';
  if (!works(item, actor)) return 'not-permitted';
  return ['assigned', 'in_progress'].includes(item.state) ? 'yes' : 'wrong-state';
}

/** Who sees it: an admin; the receiving agency's clerks and leaders; the units it was assigned to (lead, cooperating, for information). */
export function mayReadIncoming(item: IncomingFacts & { secret?: boolean }, actor: Actor): boolean {
  // What came from a secret document: the agency's people it was given to, not an administrator (SPEC §9).
  if (actor.position === 'admin') return !item.secret;
  if (actor.agencyCode !== item.agencyCode) return false;
  if (isLeaderOrClerk(actor)) return true;
  return actor.unitCode !== null && [item.leadUnit, ...item.cooperating, ...item.infoUnits].includes(actor.unitCode);
}

/** The SQL twin of mayReadIncoming for a list (`i` the item's alias; placeholders of the caller's fields). */
export function incomingVisibleTo(i: string, caller: { agency: string; unit: string; deskOrLeader: string }): string {
  return `(${i}.agency_code = ${caller.agency} AND (${caller.deskOrLeader}
    OR ${i}.lead_unit = ${caller.unit} OR ${caller.unit} = ANY(${i}.cooperating) OR ${caller.unit} = ANY(${i}.info_units)))`;
}
