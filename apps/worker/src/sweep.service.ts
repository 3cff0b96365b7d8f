import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../../../libs/config/src';
import { DeadlineSweep } from '../../../libs/documents/src';

/** Runs the deadline sweep every SWEEP_INTERVAL (one pass at a time per process). */
@Injectable()
export class SweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(SweepService.name);
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly deadlines: DeadlineSweep,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval('deadline-sweep', setInterval(() => this.tick(), this.config.sweepIntervalMs));
    // One pass at start: deadlines that passed while nothing ran fire now.
    this.tick();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.deadlines
      .sweep()
      .catch((e) => this.log.warn(`sweep failed: ${(e as Error).message}`))
      .finally(() => (this.running = null));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', 'deadline-sweep')) this.scheduler.deleteInterval('deadline-sweep');
    await this.running;
  }
}
