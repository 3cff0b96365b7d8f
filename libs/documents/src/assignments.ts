import { assignmentMessage } from '../../domain/src';
import { delegationInForce } from '../../persistence/src/sql';

/**
 * When a document enters a stage, the people who now owe something get an
 * `assignment` notification (the drafter an `info` one when it comes back to
 * them), written by a CTE of the transition's own final statement
 * (`stageEnteredNotifications`); the statement returns what was written, to
 * announce and e-mail after commit.
 */
const UNIT_PEOPLE = (agency: string, unit: string) => `(
  (u.agency_code, u.unit_code) = (${agency}, ${unit})
  AND (u.position = 'unit_head' OR (u.position = 'officer' AND NOT EXISTS (
        SELECT 1 FROM users h WHERE h.agency_code = ${agency} AND h.unit_code = ${unit} AND h.position = 'unit_head'))))`;

const AGENCY_DESK = (agency: string) => `(
  u.agency_code = ${agency}
  AND (u.position = 'clerk' OR (u.position = 'head' AND NOT EXISTS (
        SELECT 1 FROM users k WHERE k.agency_code = ${agency} AND k.position = 'clerk'))))`;

/**
 * Who is told, per stage entered: a WHERE clause over users `u`, with $1 the
 * document id and p.signer the signer (the statement reads the document's row
 * as it was before the transition; none of the columns read here change).
 */
const WHO: Record<string, string> = {
  consulting: `EXISTS (SELECT 1 FROM consultations c WHERE c.document_id = $1 AND ${UNIT_PEOPLE('c.agency_code', 'c.unit_code')})`,
  awaiting_signature: `u.username = p.signer
    OR u.username IN (SELECT g.delegate FROM delegations g WHERE g.delegator = p.signer AND ${delegationInForce('g')})`,
  signed: `u.position = 'clerk' AND u.agency_code = (SELECT agency_code FROM documents WHERE id = $1)`,
  disseminated: `EXISTS (SELECT 1 FROM recipients r WHERE r.document_id = $1 AND (
      (r.unit_code IS NOT NULL AND ${UNIT_PEOPLE('r.agency_code', 'r.unit_code')})
      OR (r.unit_code IS NULL AND ${AGENCY_DESK('r.agency_code')})))`,
  drafter: `u.username = (SELECT drafter FROM documents WHERE id = $1)`,
};

/** The name of the CTE that writes the notifications; it returns (id, username). */
export const NOTIFIED_CTE = 'notified';

/**
 * The notifications of a stage entered, as CTEs for the transition's own
 * final statement (one round trip fewer than a statement of their own):
 * `p` and `notified`, which returns (id, username) of what it wrote. `param`
 * adds a parameter and answers its `$n`; `$1` must be the document id.
 * Empty when the stage entered tells nobody.
 */
export function stageEnteredNotifications(
  param: (value: unknown) => string,
  input: {
    documentId: string;
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
  },
): string[] {
  let who: string;
  let kind: 'assignment' | 'info' = 'assignment';
  let stage: Parameters<typeof assignmentMessage>[0]['stage'];
  if (input.event === 'RETURN' && input.to === 'draft') {
    [who, kind, stage] = [WHO.drafter, 'info', 'returned'];
  } else if (input.to === 'consulted' && input.event === 'GIVE_OPINION') {
    // (A consultation closed by its deadline is told by the deadline runner, with the silent units.)
    [who, kind, stage] = [WHO.drafter, 'info', 'consulted'];
  } else if (input.to in WHO) {
    [who, stage] = [WHO[input.to], input.to as typeof stage];
  } else {
    return [];
  }
  const message = assignmentMessage({ stage, document: input.document, dueAt: input.dueAt, reason: input.reason, implement: input.implement });
  return [
    `p AS (SELECT ${param(input.signer)}::text AS signer)`,
    `${NOTIFIED_CTE} AS (
       INSERT INTO notifications (id, username, kind, document_id, stage, due_at, message, dedupe_key, created_at, email_to)
       SELECT gen_random_uuid(), u.username, ${param(kind)}::text, $1, ${param(input.to)}::text, ${param(input.dueAt)}::timestamptz,
              ${param(message)}::text, ${param(`${input.documentId}.${input.seq}.${kind}:`)}::text || u.username,
              ${param(input.now)}::timestamptz, CASE WHEN ${param(input.email)}::boolean THEN u.email END
         FROM users u, p WHERE ${who}
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, username)`,
  ];
}
