/**
 * CSV as the product writes it (RFC 4180, UTF-8 with a byte-order mark so
 * that Excel reads Vietnamese right), with every text cell that a
 * spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a
 * tab or a carriage return: OWASP's CSV injection list) prefixed with `'`,
 * so that `=HYPERLINK(…)` in a title is shown, not run. Numbers stay numbers.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV file: the header row, then one row per record. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Rows as CSV under a register's columns (`[key, header]` in the decree's order). */
export function columnsCsv<T>(columns: ReadonlyArray<readonly [keyof T, string]>, rows: readonly T[]): string {
  return toCsv(
    columns.map(([, header]) => header),
    rows.map((r) => columns.map(([key]) => r[key])),
  );
}
