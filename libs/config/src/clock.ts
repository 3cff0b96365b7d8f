/**
 * Where a service reads the time of what it records: the system clock in
 * production, a fixed one in a test that must sign at 00:30 on 1 January
 * (Vietnam time). ConfigModule provides it; `createHttpApp(config, { clock })`
 * replaces it.
 */
export class Clock {
  now(): Date {
    return new Date();
  }
}
