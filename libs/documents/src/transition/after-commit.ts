import { Injectable } from '@nestjs/common';
import { ExternalMail, NotificationService, type WrittenNotification } from '../../../notifications/src';
import { NotificationBus, OutboxRelay, boardTopic, type OutboxJob } from '../../../queue/src';

/** What a transaction did that matters after its commit. */
export interface TxEffects {
  /** Jobs written to the outbox: hand them to the queue. */
  jobs: OutboxJob[];
  /** Notifications written: tell their users' open streams, and e-mail them (when SMTP is on). */
  notifications: WrittenNotification[];
  /** Documents disseminated: mail their issued PDF to the external recipients that have an address. */
  mailed?: string[];
  /** Campaigns whose board changed (a report of one of their documents): their open boards look again. */
  boards?: string[];
}

/**
 * The one thing done after a transaction that wrote outbox rows or
 * notifications has committed, by the API (a transition) and the worker (a
 * deadline step) alike: hand the jobs to the queue, tell the recipients'
 * open streams, and send the e-mails. None of it is awaited by the request
 * and none of it can undo the commit: what fails here, the sweep repeats.
 */
@Injectable()
export class AfterCommit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly bus: NotificationBus,
    private readonly notifications: NotificationService,
    private readonly externalMail: ExternalMail,
  ) {}

  /** Runs the effects of one or more committed transactions; the promise settles when the e-mails are sent. */
  run(...effects: TxEffects[]): Promise<void> {
    const jobs = effects.flatMap((e) => e.jobs);
    const written = effects.flatMap((e) => e.notifications);
    const mailed = effects.flatMap((e) => e.mailed ?? []);
    const boards = effects.flatMap((e) => e.boards ?? []);
    this.relay.push(jobs);
    if (written.length || boards.length) this.bus.publish([...written.map((n) => n.username), ...boards.map(boardTopic)]);
    // What fails here, the sweep retries.
    return Promise.all([
      written.length ? this.notifications.email(written.map((n) => n.id)).catch(() => undefined) : undefined,
      mailed.length ? this.externalMail.send(mailed).catch(() => undefined) : undefined,
    ]).then(() => undefined);
  }
}
