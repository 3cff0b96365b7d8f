import { Injectable } from '@nestjs/common';
import { CLIENT_EVENTS, mayOffer, type Actor, type ClientEventType } from '../../../domain/src';
import { acceptedEventTypes, restore, WorkflowRegistry, type DocumentEvent } from '../../../../workflows';
import { COMMANDS } from '../commands';
import { activeDelegators, factsOf, toView, type DocumentRow, type DocumentView } from './document.view';

/**
 * The events a caller may send now (a document's `availableEvents`): the
 * policy allows it and the machine would take it, asked with each command's
 * probe.
 */
@Injectable()
export class AvailableEvents {
  constructor(private readonly workflows: WorkflowRegistry) {}

  /** The machine's answers: they depend only on the definition, the snapshot and the event. */
  private readonly machineAnswers = new Map<string, boolean>();

  of(doc: DocumentRow, actor: Actor): ClientEventType[] {
    const def = this.workflows.get(doc.workflowId, doc.workflowVersion);
    const facts = factsOf(doc);
    const delegators = activeDelegators(doc);
    const accepted = new Set(acceptedEventTypes(def, doc.state));
    const candidates = CLIENT_EVENTS.filter((type) => accepted.has(type) && mayOffer(type, facts, actor, delegators));
    if (candidates.length === 0) return [];
    // Restoring a snapshot costs tens of microseconds and lists ask the same question many times: remember it.
    let snapshot: ReturnType<typeof restore> | undefined;
    const base = `${def.id}@${def.version}|${JSON.stringify(doc.snapshot)}|`;
    return candidates.filter((type) => {
      const event: DocumentEvent = COMMANDS[type].probe?.(facts, actor, doc.snapshot.context) ?? ({ type } as DocumentEvent);
      const key = base + JSON.stringify(event);
      let answer = this.machineAnswers.get(key);
      if (answer === undefined) {
        snapshot ??= restore(def, doc.snapshot);
        answer = snapshot.can(event);
        if (this.machineAnswers.size >= 10_000) this.machineAnswers.clear();
        this.machineAnswers.set(key, answer);
      }
      return answer;
    });
  }

  /** The answer's shape of a document for this caller. */
  view(doc: DocumentRow, actor: Actor, options: { excerpt?: boolean } = {}): DocumentView {
    return toView(doc, this.of(doc, actor), options);
  }
}
