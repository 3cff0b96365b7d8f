import { Global, Injectable, Module } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one process (GET /metrics): HTTP traffic, lifecycle
 * transitions, deadline steps, what waits in the outbox, and Node's own.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'examflow_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'examflow_http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly transitions = new Counter({
    name: 'examflow_transitions_total',
    help: 'Document transitions committed, by event',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  readonly deadlineSteps = new Counter({
    name: 'examflow_deadline_steps_total',
    help: 'Deadline steps run, by step and outcome (fired, skipped)',
    labelNames: ['step', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'examflow_' });
  }

  /**
   * A gauge read when /metrics is scraped, from the lib that owns what it
   * counts (the outbox from libs/queue, the deadline steps from
   * libs/documents). A failed read (PostgreSQL away) leaves the last value.
   */
  gauge(name: string, help: string, read: () => Promise<number>): void {
    if (this.registry.getSingleMetric(name)) return;
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        try {
          this.set(await read());
        } catch {
          // leave the last value
        }
      },
    });
  }
}

@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
