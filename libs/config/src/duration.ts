import type { Duration } from '../../domain/src/deadlines';

/** A duration from the environment: `1wd` (working days) or wall-clock `30s`, `15m`, `2h`, `1d`, `500ms`. */
export type { Duration };

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): Duration {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(wd|ms|s|m|h|d)\s*$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a duration (use 1wd, 30s, 15m, 2h, 1d)`);
  const n = Number(m[1]);
  if (m[2] === 'wd') {
    if (!Number.isInteger(n) || n < 1) throw new Error(`"${text}": working days must be a whole number ≥ 1`);
    return { kind: 'working_days', days: n };
  }
  return { kind: 'wall_clock', ms: Math.round(n * UNITS[m[2]]) };
}
