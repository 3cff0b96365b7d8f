/** What firing one step came to. */
/** `superseded`: the job is of an earlier move of its step (a session moved, SPEC §8); the step's current job fires it. */
export type FireOutcome = 'fired' | 'skipped' | 'already-done' | 'missing' | 'superseded';

/** What one batch decided: an outcome per step, and the steps to fire in a later batch. */
export interface BatchOutcome {
  outcomes: Map<string, FireOutcome>;
  later: string[];
}

interface Waiter {
  stepId: string;
  resolve: (outcome: FireOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the steps asked for at about the same moment (the worker runs
 * many jobs at once) into batches, each fired by `fireMany` in one
 * transaction: a burst of reminders costs a few statements each instead of
 * a transaction each. At most `batchesAtOnce` batches run together, so that
 * the runner never holds more than that share of the connection pool.
 */
export class StepBatcher {
  private waiting: Waiter[] = [];
  private drainTimer: NodeJS.Timeout | null = null;
  private running = 0;

  constructor(
    private readonly fireMany: (stepIds: string[]) => Promise<BatchOutcome>,
    private readonly onBatchError: (size: number, error: Error) => void,
    private readonly options = { max: 128, waitMs: 2, batchesAtOnce: 4 },
  ) {}

  fire(stepId: string): Promise<FireOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ stepId, resolve, reject });
      if (this.waiting.length >= this.options.max) void this.drain();
      else this.schedule(this.options.waitMs);
    });
  }

  private schedule(delayMs: number): void {
    this.drainTimer ??= setTimeout(() => {
      this.drainTimer = null;
      void this.drain();
    }, delayMs);
  }

  /** Fires what is waiting, `max` at a time; a batch that finishes takes the next. */
  private async drain(): Promise<void> {
    if (this.running >= this.options.batchesAtOnce) return;
    const batch = this.waiting.splice(0, this.options.max);
    if (batch.length === 0) return;
    this.running++;
    try {
      await this.fireBatch(batch);
    } finally {
      this.running--;
      if (this.waiting.length) this.schedule(0);
    }
  }

  private async fireBatch(batch: Waiter[]): Promise<void> {
    const byStep = new Map<string, Waiter[]>();
    for (const w of batch) byStep.set(w.stepId, [...(byStep.get(w.stepId) ?? []), w]);
    try {
      const { outcomes, later } = await this.fireMany([...byStep.keys()]);
      for (const [id, outcome] of outcomes) for (const w of byStep.get(id)!) w.resolve(outcome);
      // A second step of a document already in this transaction goes in the next one (it must see the first's effects).
      for (const id of later) this.waiting.push(...byStep.get(id)!);
    } catch (e) {
      if (byStep.size === 1) {
        for (const w of batch) w.reject(e);
        return;
      }
      // One step's failure must not fail the others: each goes again on its own.
      this.onBatchError(byStep.size, e as Error);
      for (const [id, ws] of byStep) {
        try {
          const { outcomes } = await this.fireMany([id]);
          ws.forEach((w) => w.resolve(outcomes.get(id) ?? 'missing'));
        } catch (err) {
          ws.forEach((w) => w.reject(err));
        }
      }
    }
  }
}
