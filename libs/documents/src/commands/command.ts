import type { EntityManager } from 'typeorm';
import type { Actor, DocumentFacts, Duration, SessionTimes, SignedContent, WorkingCalendar } from '../../../domain/src';
import type { DocumentEvent } from '../../../../workflows';
import type { DocumentChanges, DocumentRow } from '../queries/document.view';

/** What a command is given: the locked document, the caller, the validated payload, the moment, the calendar and the campaign's sessions. */
export interface CommandInput<P> {
  doc: DocumentRow;
  actor: Actor;
  payload: P;
  now: Date;
  calendar: WorkingCalendar;
  /** The sessions of the document's campaign when the payload anchors a deadline to them (SPEC §8), else null. */
  sessions: readonly SessionTimes[] | null;
  /** The configured spans a command's deadlines need: URGENT_DISSEMINATION (SPEC §9). */
  spans: { urgentDissemination: Duration };
}

/** What a command decides, before the machine and the write. */
export interface Plan {
  /** The event the workflow's machine is asked to take. */
  machineEvent: DocumentEvent;
  /** Changes to the document row. */
  set?: DocumentChanges;
  /** What the history row records of the event. */
  payload: Record<string, unknown>;
  onBehalfOf?: string | null;
  /** Content the caller signs with their key (SIGN): the signature and public key join `set`. */
  sign?: SignedContent;
  /** Writes to child tables (consultations, recipients), in the same transaction, before the document row. */
  write?: (tx: EntityManager) => Promise<void>;
  /** Deadlines of the stage entered, one per session of the campaign (DISSEMINATE with per-session reports, SPEC §8). */
  sessionDeadlines?: Array<{ session: string; due: Date }>;
  /** The linked draft a CORRECT or REPLACE starts (SPEC §9), written after the original's entry. */
  amendment?: { id: string; kind: 'correction' | 'replacement'; title?: string; body?: string };
}

/**
 * One client event (SPEC §2): its payload class (validated like a request
 * body), an example for the OpenAPI page, how to ask the machine whether it
 * would be taken (`probe`), what it checks of the payload alone (`check`),
 * what it must read first (`gather`, inside the
 * transition's transaction) and what it decides (`plan`, pure: the same
 * input gives the same plan).
 */
export interface Command<P extends object, G = undefined> {
  payload: new () => P;
  /** A request body for the OpenAPI page, without `type`. */
  example: Record<string, unknown>;
  /** The event as the caller would send it, for asking the machine (which also has the reports still owed); by default `{ type }`. */
  probe?(facts: DocumentFacts, actor: Actor, owed: { pendingReports: readonly string[] }): DocumentEvent;
  /** Checks of the payload that need nothing read, made before `gather` (so that their errors come first). */
  check?(input: CommandInput<P>): void;
  /**
   * Rows to lock before the document, in the order other transactions lock them (an incoming item before
   * its source document; documents by id, as the deadline runner does), so that the two never deadlock.
   */
  prelock?(tx: EntityManager, documentId: string): Promise<void>;
  gather?(tx: EntityManager, input: CommandInput<P>): Promise<G>;
  plan(input: CommandInput<P>, gathered: G): Plan;
}

/** Declares a command, keeping its payload type and what it gathers tied together. */
export function defineCommand<P extends object, G = undefined>(command: Command<P, G>): Command<P, G> {
  return command;
}
