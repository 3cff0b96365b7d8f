/**
 * The campaign board (SPEC §8), pure: each report obligation of a document
 * of the campaign as a cell of the grid recipient × session, and the counts
 * per session and per recipient.
 */

/** A cell as the board shows it: in, not yet due, overdue and still owed, or never sent (the follow-up was closed without it). */
export type BoardStatus = 'submitted' | 'pending' | 'late' | 'missing';

export const BOARD_STATUSES: readonly BoardStatus[] = ['submitted', 'pending', 'late', 'missing'];

/** How the board and its CSV say them. */
export const BOARD_STATUS_LABEL: Record<BoardStatus, string> = { submitted: 'Đã báo cáo', pending: 'Chưa đến hạn', late: 'Quá hạn', missing: 'Không báo cáo' };

/** One obligation as stored: its status, when it is due and when it came. */
export interface StoredObligation {
  status: 'pending' | 'submitted' | 'closed';
  dueAt: Date;
  submittedAt: Date | null;
}

export interface BoardCell {
  status: BoardStatus;
  dueAt: string;
  submittedAt: string | null;
  /** Submitted, but after its deadline. */
  submittedLate?: true;
}

export type BoardCounts = Record<BoardStatus, number>;

export function boardCell(o: StoredObligation, now: Date): BoardCell {
  const base = { dueAt: o.dueAt.toISOString(), submittedAt: o.submittedAt ? o.submittedAt.toISOString() : null };
  if (o.status === 'submitted') return { status: 'submitted', ...base, ...(o.submittedAt && o.submittedAt.getTime() > o.dueAt.getTime() ? { submittedLate: true as const } : {}) };
  if (o.status === 'closed') return { status: 'missing', ...base };
  return { status: o.dueAt.getTime() < now.getTime() ? 'late' : 'pending', ...base };
}

export function emptyCounts(): BoardCounts {
  return { submitted: 0, pending: 0, late: 0, missing: 0 };
}

/** The counts of these cells. */
export function countCells(cells: Iterable<BoardCell>): BoardCounts {
  const counts = emptyCounts();
  for (const c of cells) counts[c.status]++;
  return counts;
}
