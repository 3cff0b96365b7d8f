/**
 * Every queue and job of examflow, with the payload type beside each name.
 * The worker checks at start that each job name has exactly one handler.
 */
export const QUEUES = {
  deadlines: 'deadlines',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  /** Fire one deadline step (reminder, escalation, consultation close). */
  deadlineStep: { queue: QUEUES.deadlines, name: 'deadline-step' },
} as const;

export interface DeadlineStepJob {
  /** The step's job id (stepJobId): the step's id, with its move when it was moved. */
  stepId: string;
}

export type JobName = (typeof JOBS)[keyof typeof JOBS]['name'];
