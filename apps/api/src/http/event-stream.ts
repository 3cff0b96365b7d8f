import type { Response } from 'express';
import type { NotificationBus } from '../../../../libs/queue/src';

/**
 * Server-sent events on `res` for one key of the NotificationBus (a username,
 * or `board:<campaign id>`): `ready` once the channel is subscribed, then
 * `event` whenever the key is told to look again (no content: the client
 * reads the resource again), and a comment every 25 s to keep proxies from
 * closing it.
 */
export async function openEventStream(res: Response, bus: NotificationBus, key: string, event: string): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no'); // nginx: pass each event on at once
  res.flushHeaders();
  let open = true;
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
  keepAlive.unref();
  const stop = () => {
    open = false;
    clearInterval(keepAlive);
    unsubscribe();
  };
  const unsubscribe = bus.subscribe(key, {
    notify: () => {
      if (open) res.write(`event: ${event}\ndata: {}\n\n`);
    },
    close: () => {
      if (!open) return;
      stop();
      res.end();
    },
  });
  res.on('close', stop);
  // "ready" only once the channel is subscribed: whatever is written after the client's next read is pushed.
  await bus.ready();
  if (open) res.write('retry: 5000\nevent: ready\ndata: {}\n\n');
}
