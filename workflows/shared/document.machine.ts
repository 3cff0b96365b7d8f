import { and, assign, setup } from 'xstate';

/**
 * The lifecycle of an administrative document (SPEC §2), as a pure XState v5
 * machine. It decides which state an event leads to and keeps only what that
 * decision needs: the consulted units that have not answered and the report
 * obligations still open. Who may send an event is the policy's question
 * (libs/domain), not the machine's; deadlines live in PostgreSQL, never in
 * `after` timers.
 */
export interface DocumentContext {
  /** `AGENCY/UNIT` keys of consulted units that have not answered. */
  pendingConsultees: string[];
  /** Keys of recipients whose report is still owed. */
  pendingReports: string[];
}

export type DocumentEvent =
  | { type: 'SUBMIT_FOR_CONSULTATION'; consultees: string[] }
  | { type: 'GIVE_OPINION'; consultee: string }
  | { type: 'CONSULTATION_DEADLINE_REACHED' }
  | { type: 'REVISE' }
  /** `review`: the drafting unit's head checks it first (version 2, Điều 12.1); ignored by version 1. */
  | { type: 'SUBMIT_FOR_SIGNATURE'; review?: boolean }
  | { type: 'APPROVE_REVIEW' }
  | { type: 'SIGN' }
  | { type: 'RETURN' }
  | { type: 'DISSEMINATE'; reports: string[] }
  | { type: 'ACKNOWLEDGE' }
  | { type: 'SUBMIT_REPORT'; reports: string[] }
  | { type: 'CLOSE' }
  | { type: 'WITHDRAW' }
  | { type: 'RECALL' }
  | { type: 'CORRECT' }
  | { type: 'REPLACE' }
  | { type: 'CORRECTED' }
  | { type: 'REPLACED' };

export interface DocumentMachineOptions {
  /** Workflow id, e.g. `ke-hoach`. */
  id: string;
  /** Whether the document may go from draft straight to signature (GM, CV). */
  consultationOptional: boolean;
  /**
   * Version 2 (Nghị định 30 Điều 12.1): an officer's submission waits in `awaiting_review` for the
   * drafting unit's head (APPROVE_REVIEW, or RETURN to draft); who must review is the policy's
   * question, given to the machine as the event's `review`.
   */
  review?: boolean;
}

export function createDocumentMachine(options: DocumentMachineOptions) {
  const withdraw = { WITHDRAW: { target: 'withdrawn' } } as const;
  // Version 1 goes to the signer at once; version 2 through the unit head's review when the event says so.
  const submit = options.review
    ? { SUBMIT_FOR_SIGNATURE: [{ guard: 'needsReview' as const, target: 'awaiting_review' }, { target: 'awaiting_signature' }] }
    : { SUBMIT_FOR_SIGNATURE: { target: 'awaiting_signature' } };
  // Typed `object`: the state's config is checked by XState at creation, not by the spread.
  const review: object = options.review
    ? { awaiting_review: { on: { APPROVE_REVIEW: { target: 'awaiting_signature' }, RETURN: { target: 'draft' }, ...withdraw } } }
    : {};
  return setup({
    types: {
      context: {} as DocumentContext,
      events: {} as DocumentEvent,
    },
    guards: {
      needsReview: ({ event }) => event.type === 'SUBMIT_FOR_SIGNATURE' && event.review === true,
      hasConsultees: ({ event }) =>
        event.type === 'SUBMIT_FOR_CONSULTATION' && Array.isArray(event.consultees) && event.consultees.length > 0,
      isPendingConsultee: ({ context, event }) =>
        event.type === 'GIVE_OPINION' && context.pendingConsultees.includes(event.consultee),
      isLastConsultee: ({ context, event }) =>
        event.type === 'GIVE_OPINION' &&
        context.pendingConsultees.length === 1 &&
        context.pendingConsultees[0] === event.consultee,
      isPendingReport: ({ context, event }) =>
        event.type === 'SUBMIT_REPORT' &&
        event.reports.length > 0 &&
        event.reports.every((r) => context.pendingReports.includes(r)),
      isLastReport: ({ context, event }) =>
        event.type === 'SUBMIT_REPORT' &&
        event.reports.length > 0 &&
        context.pendingReports.every((r) => event.reports.includes(r)),
    },
    actions: {
      startConsultation: assign({
        pendingConsultees: ({ event }) => (event.type === 'SUBMIT_FOR_CONSULTATION' ? [...event.consultees] : []),
      }),
      recordOpinion: assign({
        pendingConsultees: ({ context, event }) =>
          event.type === 'GIVE_OPINION'
            ? context.pendingConsultees.filter((c) => c !== event.consultee)
            : context.pendingConsultees,
      }),
      closeConsultation: assign({ pendingConsultees: () => [] }),
      openReports: assign({
        pendingReports: ({ event }) => (event.type === 'DISSEMINATE' ? [...event.reports] : []),
      }),
      recordReport: assign({
        pendingReports: ({ context, event }) =>
          event.type === 'SUBMIT_REPORT'
            ? context.pendingReports.filter((r) => !event.reports.includes(r))
            : context.pendingReports,
      }),
      closeReports: assign({ pendingReports: () => [] }),
    },
  }).createMachine({
    id: options.id,
    context: { pendingConsultees: [], pendingReports: [] },
    initial: 'draft',
    states: {
      draft: {
        on: {
          SUBMIT_FOR_CONSULTATION: { guard: 'hasConsultees', target: 'consulting', actions: 'startConsultation' },
          ...(options.consultationOptional ? submit : {}),
          ...withdraw,
        },
      },
      consulting: {
        on: {
          GIVE_OPINION: [
            { guard: 'isLastConsultee', target: 'consulted', actions: 'recordOpinion' },
            { guard: 'isPendingConsultee', actions: 'recordOpinion' },
          ],
          CONSULTATION_DEADLINE_REACHED: { target: 'consulted', actions: 'closeConsultation' },
          ...withdraw,
        },
      },
      consulted: {
        on: {
          REVISE: { target: 'draft' },
          ...submit,
          ...withdraw,
        },
      },
      ...review,
      awaiting_signature: {
        on: {
          SIGN: { target: 'signed' },
          RETURN: { target: 'draft' },
          ...withdraw,
        },
      },
      signed: {
        on: { DISSEMINATE: { target: 'disseminated', actions: 'openReports' } },
      },
      disseminated: {
        on: {
          ACKNOWLEDGE: { target: 'disseminated' },
          SUBMIT_REPORT: [
            { guard: and(['isPendingReport', 'isLastReport']), target: 'reported', actions: 'recordReport' },
            { guard: 'isPendingReport', actions: 'recordReport' },
          ],
          CLOSE: { target: 'reported', actions: 'closeReports' },
          // Once out (Nghị định 30 Điều 18.3–4), whatever the version: recalled, it is final and its reports end;
          // a correction or a replacement is a new draft, linked; when the replacing one is out, its reports end.
          RECALL: { target: 'recalled', actions: 'closeReports' },
          CORRECT: { target: 'disseminated' },
          REPLACE: { target: 'disseminated' },
          CORRECTED: { target: 'disseminated' },
          REPLACED: { target: 'disseminated', actions: 'closeReports' },
        },
      },
      reported: { type: 'final' },
      withdrawn: { type: 'final' },
      recalled: { type: 'final' },
    },
  });
}

export type DocumentMachine = ReturnType<typeof createDocumentMachine>;
