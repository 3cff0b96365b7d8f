import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { RedisConnection } from './redis';

/** An open stream: told to look again, or closed because the process stops. */
export interface StreamListener {
  notify(): void;
  close(): void;
}

/**
 * "You have something new": after a transaction that wrote notifications has
 * committed, the process that wrote them (the API for a transition, the worker
 * for a reminder) publishes the recipients' usernames on a Redis channel, and
 * every API process tells the streams its users hold open.
 *
 * It is a hint, not the record: the notifications are in PostgreSQL, a
 * message lost with Redis costs only a delay (the browser polls as well), and
 * the message carries no content, only who should look again.
 */
@Injectable()
export class NotificationBus implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger(NotificationBus.name);
  readonly channel: string;
  private subscriber: Redis | null = null;
  private readonly listeners = new Map<string, Set<StreamListener>>();

  constructor(
    private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = `${config.queuePrefix}:notifications`;
  }

  /** Tells these users' open streams to look again (never throws: the notifications are committed already). */
  publish(usernames: Iterable<string>): void {
    const unique = [...new Set(usernames)];
    if (unique.length === 0) return;
    this.redis.client.publish(this.channel, JSON.stringify(unique)).catch((e: Error) => {
      this.log.warn(`could not announce notifications (the clients' polling will find them): ${e.message}`);
    });
  }

  /** Tells `listener` whenever `username` is told to look again; returns the unsubscribe. */
  subscribe(username: string, listener: StreamListener): () => void {
    this.ensureSubscribed();
    let set = this.listeners.get(username);
    if (!set) this.listeners.set(username, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(username) === set) this.listeners.delete(username);
    };
  }

  /** Streams open in this process (for the metrics and the tests). */
  get openStreams(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** The subscribing connection is opened with the first stream: a worker never opens one. */
  private ensureSubscribed(): void {
    if (this.subscriber) return;
    const sub = this.redis.client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    sub.on('error', () => undefined); // reconnects by itself; health reports Redis
    sub.on('message', (_channel: string, message: string) => this.deliver(message));
    // ioredis subscribes again after a reconnect on its own (autoResubscribe).
    sub.subscribe(this.channel).catch((e: Error) => this.log.warn(`subscribe ${this.channel}: ${e.message}`));
    this.subscriber = sub;
  }

  private deliver(message: string): void {
    let usernames: unknown;
    try {
      usernames = JSON.parse(message);
    } catch {
      return;
    }
    if (!Array.isArray(usernames)) return;
    for (const username of usernames) {
      const set = typeof username === 'string' ? this.listeners.get(username) : undefined;
      if (set) for (const listener of [...set]) listener.notify();
    }
  }

  /** Open streams would keep the HTTP server from closing: they end first (the browsers reconnect elsewhere). */
  beforeApplicationShutdown(): void {
    for (const set of [...this.listeners.values()]) for (const listener of [...set]) listener.close();
    this.listeners.clear();
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }
}
