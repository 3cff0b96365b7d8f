import { assignmentMessage } from '../../../domain/src';
import { notificationsCte } from '../../../notifications/src';
import { agencyDesk, delegatesOf, unitAnswerers, type SqlParams } from '../../../persistence/src/sql';

/**
 * When a document enters a stage, the people who now owe something get an
 * `assignment` notification (the drafter an `info` one when it comes back to
 * them), written by a CTE of the transition's own final statement; the
 * statement returns what was written, to announce and e-mail after commit.
 */
interface StageEntry {
  /** The placeholder of the document id in the statement. */
  documentId: string;
  /** The id itself, for the dedupe key. */
  documentIdValue: string;
  agencyCode: string;
  drafter: string;
  seq: number;
  event: string;
  to: string;
  document: { number: string | null; title: string };
  dueAt: Date | null;
  reason?: string;
  implement?: boolean;
  now: Date;
  /** Whether e-mail is on: then the notification carries the user's address. */
  email: boolean;
  /** The signer as this transition leaves it. */
  signer: string | null;
}

/**
 * Who is told, per stage entered: a subquery of usernames. It reads the
 * consultations and recipients as this transition wrote them (its child
 * rows are written before the final statement).
 */
const WHO: Record<string, (p: SqlParams, e: StageEntry) => string> = {
  consulting: (_p, e) => `SELECT a.username FROM consultations c_n,
      LATERAL (${unitAnswerers('c_n.agency_code', 'c_n.unit_code')}) a WHERE c_n.document_id = ${e.documentId}`,
  // Kiểm tra trước khi ký (Điều 12.1): the heads of the drafting unit.
  awaiting_review: (p, e) => `SELECT username FROM users WHERE position = 'unit_head' AND NOT disabled
      AND agency_code = ${p.add(e.agencyCode, 'text')} AND unit_code = (SELECT unit_code FROM documents WHERE id = ${e.documentId})`,
  awaiting_signature: (p, e) => {
    const signer = p.add(e.signer, 'text');
    return `SELECT ${signer} UNION ALL ${delegatesOf(signer)}`;
  },
  signed: (p, e) => `SELECT username FROM users WHERE position = 'clerk' AND agency_code = ${p.add(e.agencyCode, 'text')}`,
  disseminated: (_p, e) => `SELECT a.username FROM recipients r_n,
      LATERAL (${unitAnswerers('r_n.agency_code', 'r_n.unit_code')}) a
     WHERE r_n.document_id = ${e.documentId} AND r_n.unit_code IS NOT NULL
    UNION ALL
    SELECT a.username FROM recipients r_n, LATERAL (${agencyDesk('r_n.agency_code')}) a
     WHERE r_n.document_id = ${e.documentId} AND r_n.unit_code IS NULL AND r_n.username IS NULL AND r_n.agency_code IS NOT NULL
    UNION ALL
    SELECT r_n.username FROM recipients r_n WHERE r_n.document_id = ${e.documentId} AND r_n.username IS NOT NULL`,
  drafter: (p, e) => `SELECT ${p.add(e.drafter, 'text')}`,
  // Thu hồi: whoever it was sent to, and the issuing clerks, who tell the bodies outside examflow by hand.
  recalled: (p, e) => `${WHO.disseminated(p, e)}
    UNION ALL
    SELECT username FROM users WHERE position = 'clerk' AND NOT disabled AND agency_code = ${p.add(e.agencyCode, 'text')}
       AND EXISTS (SELECT 1 FROM recipients r_x WHERE r_x.document_id = ${e.documentId} AND r_x.external_code IS NOT NULL)`,
};

/**
 * The notifications of a stage entered, as one CTE for the transition's own
 * final statement (it returns (id, username) of what it wrote, as
 * NOTIFIED_CTE); null when the stage entered tells nobody.
 */
export function stageEnteredNotifications(params: SqlParams, entry: StageEntry): string | null {
  let who: string;
  let kind: 'assignment' | 'info' = 'assignment';
  let stage: Parameters<typeof assignmentMessage>[0]['stage'];
  if (entry.event === 'RETURN' && entry.to === 'draft') {
    [who, kind, stage] = ['drafter', 'info', 'returned'];
  } else if (entry.to === 'consulted' && entry.event === 'GIVE_OPINION') {
    // (A consultation closed by its deadline is told by the deadline runner, with the silent units.)
    [who, kind, stage] = ['drafter', 'info', 'consulted'];
  } else if (entry.to === 'recalled') {
    // Thu hồi (Điều 18.4): whoever it was sent to is told, with the reason.
    [who, kind, stage] = ['recalled', 'info', 'recalled'];
  } else if (entry.to in WHO) {
    [who, stage] = [entry.to, entry.to as typeof stage];
  } else {
    return null;
  }
  const message = assignmentMessage({
    stage,
    document: entry.document,
    dueAt: entry.dueAt,
    reason: entry.reason,
    implement: entry.implement,
  });
  return notificationsCte(params, {
    recipients: WHO[who](params, entry),
    kind,
    documentId: entry.documentId,
    stage: entry.to,
    dueAt: entry.dueAt,
    message,
    source: `${entry.documentIdValue}.${entry.seq}.${kind}`,
    now: entry.now,
    email: entry.email,
  });
}
