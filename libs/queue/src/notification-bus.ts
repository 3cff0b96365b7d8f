import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { RedisConnection } from './redis';

/** The bus key of a campaign's board (SPEC §8): its open boards look again when a report of the campaign changes. */
export function boardTopic(campaignId: string): string {
  return `board:${campaignId}`;
}

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
  /** Settles when the channel is subscribed (ioredis subscribes again by itself after a reconnect). */
  private subscribed: Promise<void> = Promise.resolve();
  private readonly listeners = new Map<string, Set<StreamListener>>();
  /** Set when the process begins to stop: a stream opened after that is closed at once. */
  private closing = false;
  private lastWarning = 0;

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
      // Once a minute at most: while Redis is away every transition would say it.
      if (Date.now() - this.lastWarning < 60_000) return;
      this.lastWarning = Date.now();
      this.log.warn(`could not announce notifications (the clients' polling will find them): ${e.message}`);
    });
  }

  /**
   * Tells `listener` whenever `username` is told to look again; returns the
   * unsubscribe. Wait for `ready()` before saying the stream is open, so
   * that nothing published after that is missed.
   */
  subscribe(username: string, listener: StreamListener): () => void {
    if (this.closing) {
      queueMicrotask(() => listener.close()); // after the caller holds its unsubscribe
      return () => undefined;
    }
    this.ensureSubscribed();
    let set = this.listeners.get(username);
    if (!set) this.listeners.set(username, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(username) === set) this.listeners.delete(username);
    };
  }

  /** Settles once the channel is subscribed (at once when it already is; a failure is logged, not thrown). */
  ready(): Promise<void> {
    return this.subscribed;
  }

  /** Streams this user holds open in this process. */
  openStreamsOf(username: string): number {
    return this.listeners.get(username)?.size ?? 0;
  }

  /** Streams open in this process (the tests read it to see a closed stream forgotten). */
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
    // ioredis subscribes again after a reconnect on its own (autoResubscribe); what was published while
    // it was away is lost, so every open stream is told to look again then.
    let connectedBefore = false;
    sub.on('ready', () => {
      if (connectedBefore) this.notifyAll();
      connectedBefore = true;
    });
    this.subscribed = sub.subscribe(this.channel).then(
      () => undefined,
      (e: Error) => this.log.warn(`subscribe ${this.channel}: ${e.message} (streams fall back on the clients' polling)`),
    );
    this.subscriber = sub;
  }

  private notifyAll(): void {
    for (const set of [...this.listeners.values()]) for (const listener of [...set]) listener.notify();
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
    this.closing = true;
    for (const set of [...this.listeners.values()]) for (const listener of [...set]) listener.close();
    this.listeners.clear();
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }
}
