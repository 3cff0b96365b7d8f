/**
 * The rules the product lives by that are written in SQL, each defined once
 * here and pasted into the statements that need it (pure text: no I/O).
 */

/**
 * A delegation (ủy quyền) in force at this moment, as a condition on the
 * `delegations` row named `alias`: not revoked, and now within
 * [valid_from, valid_until). The window is checked by PostgreSQL's `now()`.
 */
export function delegationInForce(alias: string): string {
  return `(${alias}.revoked_at IS NULL AND now() >= ${alias}.valid_from AND now() < ${alias}.valid_until)`;
}

/** The usernames who have delegated to `delegate` (a placeholder or column) with a delegation in force: a subquery. */
export function delegatorsOf(delegate: string): string {
  return `SELECT g.delegator FROM delegations g WHERE g.delegate = ${delegate} AND ${delegationInForce('g')}`;
}
