/**
 * The parameters of one statement being assembled from several builders:
 * each value is added where it is used and answers its own placeholder, so
 * that no builder counts `$n` across files.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value; answers its placeholder (`$n`, with `::cast` when given). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}
