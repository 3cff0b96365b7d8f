import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../../libs/config/src';
import { sleep } from './harness';

/**
 * Real processes for the fault tests: the built API and worker (`npm test`
 * builds first) and a Redis server of the test's own, so that FLUSHALL or a
 * restart touches nobody else.
 */
const ROOT = resolve(__dirname, '../..');

export { freePort };

export interface OwnRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops it and starts an empty one on the same port (no persistence: its data is gone). */
  restart(): Promise<void>;
}

export async function startRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child = await spawnRedis(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stopProcess(child, 'SIGTERM'),
    restart: async () => {
      await stopProcess(child, 'SIGKILL');
      child = await spawnRedis(port);
    },
  };
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.env.REDIS_SERVER_BIN ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--hz', '100'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) ok();
    });
    child.on('exit', (code) => fail(new Error(`redis-server exited ${code}: ${out}`)));
  });
  return child;
}

export interface AppProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the process printed `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** `api` (API only), `worker`, or `all` (both in one process, as `npm start`). */
export function startProcess(kind: 'api' | 'worker' | 'all', env: Record<string, string>): AppProcess {
  const script = kind === 'worker' ? 'dist/apps/worker/src/main.js' : 'dist/apps/api/src/main.js';
  const args = kind === 'api' ? [script, '--api-only'] : [script];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    output: () => out,
    waitFor: async (text, timeoutMs = 20_000) => {
      const until = Date.now() + timeoutMs;
      while (!out.includes(text)) {
        if (child.exitCode !== null) throw new Error(`${kind} exited ${child.exitCode} before "${text}":\n${out}`);
        if (Date.now() > until) throw new Error(`${kind} did not print "${text}" in ${timeoutMs} ms:\n${out}`);
        await sleep(50);
      }
    },
    kill: (signal = 'SIGTERM') => stopProcess(child, signal),
  };
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      ok();
    });
    child.kill(signal);
  });
}
