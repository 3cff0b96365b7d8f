import type { EntityManager } from 'typeorm';
import type { AgencyLevel, DeadlineKind, EscalationOrg, Ower, Position } from '../../../domain/src';
import { agencyDesk, delegatesOf, unitAnswerers, usernamesArray } from '../../../persistence/src/sql';

/** What the deadline runner knows of the document a step is for. */
export interface StepDocument {
  id: string;
  title: string;
  number: string | null;
  state: string;
  agencyCode: string;
  unitCode: string;
  drafter: string;
  signer: string | null;
}

/** An ower with the people to remind and a name for messages. */
export type OwingParty = Ower & { users: string[]; label: string };

/**
 * Who owes the item of a deadline now (only what is still open), with whom
 * to remind: the pending consulted units, the signer and their delegates,
 * the agency's desk for the dissemination, the recipients whose report is
 * pending (for a per-session report, `session`'s). Read inside the runner's transaction.
 */
export async function owersOf(tx: EntityManager, kind: DeadlineKind, doc: StepDocument, session = ''): Promise<OwingParty[]> {
  switch (kind) {
    case 'consultation': {
      const rows: Array<{ agencyCode: string; unitCode: string; name: string; users: string[] | null }> = await tx.query(
        `SELECT c.agency_code AS "agencyCode", c.unit_code AS "unitCode", un.name,
                ${usernamesArray(unitAnswerers('c.agency_code', 'c.unit_code'))} AS users
           FROM consultations c JOIN units un ON un.agency_code = c.agency_code AND un.code = c.unit_code
          WHERE c.document_id = $1 AND c.status = 'pending' ORDER BY c.agency_code, c.unit_code`,
        [doc.id],
      );
      return rows.map((r) => ({ agencyCode: r.agencyCode, unitCode: r.unitCode, users: r.users ?? [], label: r.name }));
    }
    case 'signature': {
      if (!doc.signer) return [];
      const [u]: Array<{ username: string; position: Position; agencyCode: string; unitCode: string | null; label: string; delegates: string[] | null }> =
        await tx.query(
          `SELECT u.username, u.position, u.agency_code AS "agencyCode", u.unit_code AS "unitCode",
                  u.title || ' ' || u.full_name AS label, ${usernamesArray(delegatesOf('u.username'))} AS delegates
             FROM users u WHERE u.username = $1`,
          [doc.signer],
        );
      const { delegates, ...signer } = u;
      return [{ ...signer, users: [u.username, ...(delegates ?? [])] }];
    }
    case 'dissemination': {
      const [desk]: Array<{ users: string[] | null; clerkUnit: string | null }> = await tx.query(
        `SELECT ${usernamesArray(agencyDesk('$1::text'))} AS users,
                (SELECT unit_code FROM users WHERE agency_code = $1 AND position = 'clerk' ORDER BY username LIMIT 1) AS "clerkUnit"`,
        [doc.agencyCode],
      );
      return [{ agencyCode: doc.agencyCode, unitCode: desk.clerkUnit, users: desk.users ?? [], label: `Văn thư ${doc.agencyCode}` }];
    }
    case 'report': {
      const rows: Array<{ agencyCode: string; unitCode: string | null; name: string; users: string[] | null }> = await tx.query(
        `SELECT r.agency_code AS "agencyCode", r.unit_code AS "unitCode",
                COALESCE(pu.title || ' ' || pu.full_name, un.name, a.name) AS name,
                CASE WHEN r.username IS NOT NULL THEN ARRAY[r.username]
                     WHEN r.unit_code IS NULL THEN ${usernamesArray(agencyDesk('r.agency_code'))}
                     ELSE ${usernamesArray(unitAnswerers('r.agency_code', 'r.unit_code'))} END AS users
           -- An external body owes its report to the issuing clerk, who records it: nobody here is reminded for it.
           FROM recipients r JOIN agencies a ON a.code = r.agency_code
           LEFT JOIN units un ON un.agency_code = r.agency_code AND un.code = r.unit_code
           LEFT JOIN users pu ON pu.username = r.username
          WHERE r.document_id = $1 AND r.report_status = 'pending'
            -- A session's report (SPEC §8): the recipients that have not sent that one; else the report by reportDeadline.
            AND CASE WHEN $2 = '' THEN r.report_submitted_at IS NULL
                     ELSE EXISTS (SELECT 1 FROM session_reports sr WHERE sr.document_id = r.document_id AND sr.recipient_idx = r.idx
                                                                     AND sr.session_code = $2 AND sr.status = 'pending') END
          ORDER BY r.idx`,
        [doc.id, session],
      );
      return rows.map((r) => ({ agencyCode: r.agencyCode, unitCode: r.unitCode, users: r.users ?? [], label: r.name }));
    }
    case 'registration':
    case 'processing':
      // An incoming item's (libs/incoming incomingOwers): its steps never reach a document's.
      return [];
  }
}

/** The slice of the organisation the escalation rule (libs/domain `escalationTargets`) reads. */
export async function escalationOrg(tx: EntityManager, agencyCodes: string[]): Promise<EscalationOrg> {
  const codes = [...new Set(agencyCodes)];
  // One connection, one query at a time (a transaction's client does not take concurrent queries).
  const agencies: Array<{ code: string; level: AgencyLevel }> = await tx.query(`SELECT code, level FROM agencies WHERE code = ANY($1)`, [codes]);
  const units: Array<{ agencyCode: string; code: string; supervisor: string | null }> = await tx.query(
    `SELECT agency_code AS "agencyCode", code, supervisor FROM units WHERE agency_code = ANY($1)`,
    [codes],
  );
  const users: Array<{ username: string; position: Position; agencyCode: string; unitCode: string | null }> = await tx.query(
    `SELECT username, position, agency_code AS "agencyCode", unit_code AS "unitCode"
       FROM users WHERE agency_code = ANY($1) AND position IN ('head', 'acting_head', 'unit_head') ORDER BY username`,
    [codes],
  );
  return {
    levelOf: (a) => agencies.find((x) => x.code === a)?.level,
    supervisorOf: (a, u) => units.find((x) => x.agencyCode === a && x.code === u)?.supervisor ?? null,
    headsOf: (a) => users.filter((x) => x.agencyCode === a && (x.position === 'head' || x.position === 'acting_head')).map((x) => x.username),
    unitHeadsOf: (a, u) => users.filter((x) => x.agencyCode === a && x.unitCode === u && x.position === 'unit_head').map((x) => x.username),
  };
}
