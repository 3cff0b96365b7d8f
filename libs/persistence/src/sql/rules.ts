import type { SqlParams } from './params';
import { STAGE_DEADLINES, isLeaderOrClerk, type Actor, type DeadlineStage } from '../../../domain/src';

/**
 * The rules the product lives by that are written in SQL, each defined once
 * here and pasted into the statements that need it (pure text: no I/O).
 * Arguments are SQL expressions: a column (`d.signer`), a placeholder (`$1`)
 * or a table alias, as each function says. Aliases used inside a fragment
 * end in `_r` so that they cannot capture the caller's.
 */

/**
 * A delegation (ủy quyền) in force at this moment, as a condition on the
 * `delegations` row named `alias`: not revoked, and now within
 * [valid_from, valid_until). The window is checked by PostgreSQL's `now()`.
 */
export function delegationInForce(alias: string): string {
  return `(${alias}.revoked_at IS NULL AND now() >= ${alias}.valid_from AND now() < ${alias}.valid_until)`;
}

/** The usernames who have delegated to `delegate` with a delegation in force: a subquery. */
export function delegatorsOf(delegate: string): string {
  return `SELECT g.delegator FROM delegations g WHERE g.delegate = ${delegate} AND ${delegationInForce('g')}`;
}

/** The usernames `delegator` has delegated to, with a delegation in force: a subquery. */
export function delegatesOf(delegator: string): string {
  return `SELECT g_r.delegate FROM delegations g_r WHERE g_r.delegator = ${delegator} AND ${delegationInForce('g_r')}`;
}

/**
 * The people who answer for a unit (a consultation, a recipient unit's
 * acknowledgement and report): its heads, else, when it has none, its
 * officers. A subquery of usernames.
 */
export function unitAnswerers(agency: string, unit: string): string {
  return `SELECT ua_r.username FROM users ua_r
     WHERE ua_r.agency_code = ${agency} AND ua_r.unit_code = ${unit}
       AND (ua_r.position = 'unit_head' OR (ua_r.position = 'officer' AND NOT EXISTS (
             SELECT 1 FROM users uh_r WHERE uh_r.agency_code = ${agency} AND uh_r.unit_code = ${unit}
                                        AND uh_r.position = 'unit_head')))`;
}

/**
 * The desk of an agency (a recipient agency as a whole, a dissemination
 * owed): its clerks (văn thư), else, when it has none, its heads. A subquery
 * of usernames.
 */
export function agencyDesk(agency: string): string {
  return `SELECT ad_r.username FROM users ad_r
     WHERE ad_r.agency_code = ${agency}
       AND (ad_r.position = 'clerk' OR (ad_r.position IN ('head', 'acting_head') AND NOT EXISTS (
             SELECT 1 FROM users ak_r WHERE ak_r.agency_code = ${agency} AND ak_r.position = 'clerk')))`;
}

/** A subquery's usernames as a sorted array (NULL when there are none). */
export function usernamesArray(subquery: string): string {
  return `(SELECT array_agg(x_r.username ORDER BY x_r.username) FROM (${subquery}) x_r(username))`;
}

/** The urgency order of SPEC (flash, very_urgent, urgent, normal) as an integer, 0 the most urgent. */
const URGENCY_ORDER = ['flash', 'very_urgent', 'urgent'] as const;

/**
 * The urgency rank of the `urgency` column `column`. The signing queue's
 * index (migration 1732600000000) is on this very expression: the planner
 * uses it only while the text is the same (test/sql-rules.spec.ts checks).
 */
export function urgencyRank(column: string): string {
  return `(CASE ${column} ${URGENCY_ORDER.map((u, i) => `WHEN '${u}' THEN ${i}`).join(' ')} ELSE ${URGENCY_ORDER.length} END)`;
}

/** The deadline column of each stage that has one (STAGE_DEADLINES' fields, as columns). */
function deadlineColumn(stage: DeadlineStage): string {
  return STAGE_DEADLINES[stage].field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The document `d` is in `stage` and that stage's deadline has passed at `at`. */
export function stageDeadlinePassed(d: string, stage: DeadlineStage, at: string): string {
  return `(${d}.state = '${stage}' AND ${d}.${deadlineColumn(stage)} < ${at})`;
}

/**
 * The document `d` is overdue at `at` (the list's `overdue=true`): the stage
 * it is in has a deadline that has passed, and for a dissemination a report
 * is still owed.
 */
export function stageOverdue(d: string, at: string): string {
  const stages = Object.keys(STAGE_DEADLINES) as DeadlineStage[];
  return `(${stages
    .map((stage) =>
      stage === 'disseminated'
        ? `(${stageDeadlinePassed(d, stage, at)} AND EXISTS (
             SELECT 1 FROM recipients ro_r WHERE ro_r.document_id = ${d}.id AND ro_r.report_status = 'pending'))`
        : stageDeadlinePassed(d, stage, at),
    )
    .join(' OR ')})`;
}

/**
 * Whether the recipient row `r` is the caller's to act for (the SQL twin of libs/domain's
 * `recipientCovers`): the person named, else a user of the agency or of the unit named; an external body is
 * nobody's (its clerk-recorded answers are the issuing agency's).
 */
export function recipientCovers(r: string, caller: { username: string; agency: string; unit: string }): string {
  return `(${r}.external_code IS NULL AND CASE WHEN ${r}.username IS NOT NULL THEN ${r}.username = ${caller.username}
    ELSE ${r}.agency_code = ${caller.agency} AND (${r}.unit_code IS NULL OR ${r}.unit_code = ${caller.unit}) END)`;
}

/** visibleTo for a caller, its values added to `p`. */
export function visibleToCaller(d: string, p: SqlParams, caller: Pick<Actor, 'username' | 'agencyCode' | 'unitCode' | 'position'>): string {
  return visibleTo(d, { username: p.add(caller.username), agency: p.add(caller.agencyCode), unit: p.add(caller.unitCode), position: p.add(caller.position, 'text') });
}

/**
 * Who may see the document `d` (SPEC §3, §9; the SQL twin of libs/domain's
 * `mayRead`; test/sql-rules.spec.ts asks both the same questions).
 * A document of normal confidentiality: an administrator, its agency's
 * leaders and clerks, its unit, its drafter and signer and whoever the
 * signer has delegated to now, the units consulted on it, its recipients,
 * and the leaders and clerks of a recipient agency. A secret one: only the
 * people named on it and the agency's leaders (policy.ts mayReadSecret).
 * `caller` holds the placeholders of the caller's username, agency, unit and position.
 */
export function visibleTo(d: string, caller: { username: string; agency: string; unit: string; position: string }): string {
  const { username, agency, unit, position } = caller;
  const leader = `${position} IN ('head', 'acting_head', 'deputy_head')`;
  const leaderOrClerk = `(${leader} OR ${position} = 'clerk')`;
  const leadsUnit = (a: string, u: string) => `(${position} IN ('unit_head', 'deputy_unit_head') AND ${a} = ${agency} AND ${u} = ${unit})`;
  const named = `${d}.drafter = ${username} OR ${d}.signer = ${username} OR ${d}.signer IN (${delegatorsOf(username)})`;
  return `(CASE WHEN ${d}.confidentiality = 'normal' THEN (
    ${position} = 'admin'
    OR (${d}.agency_code = ${agency} AND (${leaderOrClerk} OR ${d}.unit_code = ${unit}))
    OR ${named}
    OR EXISTS (SELECT 1 FROM consultations cv_r WHERE cv_r.document_id = ${d}.id
                 AND cv_r.agency_code = ${agency} AND cv_r.unit_code = ${unit})
    OR EXISTS (SELECT 1 FROM recipients rv_r WHERE rv_r.document_id = ${d}.id
                 AND (${recipientCovers('rv_r', { username, agency, unit })}
                      OR (${leaderOrClerk} AND rv_r.agency_code = ${agency} AND rv_r.username IS NULL))))
  ELSE (
    (${d}.agency_code = ${agency} AND (${leader}
       OR (${position} = 'clerk' AND ${d}.state IN ('signed', 'disseminated', 'reported', 'recalled'))
       OR (${position} = 'unit_head' AND ${d}.unit_code = ${unit})))
    OR ${named}
    OR EXISTS (SELECT 1 FROM consultations cv_r WHERE cv_r.document_id = ${d}.id AND ${leadsUnit('cv_r.agency_code', 'cv_r.unit_code')})
    OR EXISTS (SELECT 1 FROM recipients rv_r WHERE rv_r.document_id = ${d}.id AND rv_r.external_code IS NULL
                 AND CASE WHEN rv_r.username IS NOT NULL THEN rv_r.username = ${username}
                          ELSE rv_r.agency_code = ${agency} AND (${leaderOrClerk}
                               OR (rv_r.unit_code IS NOT NULL AND ${leadsUnit('rv_r.agency_code', 'rv_r.unit_code')})) END))
  END)`;
}

/**
 * The agency's numbered documents that answer incoming item `i` (SPEC §9
 * references): those citing its examflow source by id, or the document
 * from outside by its number and its date (in Vietnam). A subquery of
 * `(id, number, issued_at)` rows.
 */
export function answersTo(i: string): string {
  // Containment (@>) so that the GIN index documents_refs_idx finds the candidates.
  return `SELECT an_r.id, an_r.number, an_r.issued_at FROM documents an_r
     WHERE an_r.agency_code = ${i}.agency_code AND an_r.number IS NOT NULL
       AND ((${i}.source_document_id IS NOT NULL
             AND an_r.refs @> jsonb_build_array(jsonb_build_object('documentId', ${i}.source_document_id::text)))
         OR (${i}.number IS NOT NULL
             AND an_r.refs @> jsonb_build_array(jsonb_build_object('documentId', NULL, 'number', ${i}.number))
             AND EXISTS (SELECT 1 FROM jsonb_array_elements(an_r.refs) ae_r(ref)
                          WHERE ae_r.ref->>'documentId' IS NULL AND ae_r.ref->>'number' = ${i}.number
                            AND (${i}.issued_at IS NULL OR ae_r.ref->>'issuedAt' IS NULL
                                 OR ((ae_r.ref->>'issuedAt')::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                                    = (${i}.issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date))))`;
}

/**
 * The written authorisation (Nghị định 30 Điều 13.3) in force now that lets `grantee` sign "TUQ." a
 * document of `type` for `agency`, by a head still in post: a query of at most one row (id, reference).
 */
export function authorisationInForce(grantee: string, agency: string, type: string): string {
  return `SELECT sa.id, sa.reference, sa.grantor, sa.valid_until AS "validUntil" FROM signing_authorisations sa
            JOIN users gr ON gr.username = sa.grantor
           WHERE sa.grantee = ${grantee} AND sa.agency_code = ${agency} AND ${type} = ANY(sa.types)
             AND sa.revoked_at IS NULL AND now() >= sa.valid_from AND now() < sa.valid_until
             AND gr.agency_code = sa.agency_code AND gr.position IN ('head', 'acting_head') AND NOT gr.disabled
           ORDER BY sa.valid_until DESC, sa.id LIMIT 1`;
}
