import {
  disseminationDue,
  formatDocumentNumber,
  signatureBlock,
  vietnamYear,
  type AgencyLevel,
  type Position,
  type SigningAuthority,
} from '../../../domain/src';
import { onBehalfOf } from '../queries/document.view';
import { defineCommand } from './command';
import { NoPayload } from './no-payload';

/**
 * The authority a delegate signs under (Nghị định 30 Điều 13): a deputy head
 * signing for the head signs "KT.", anyone else "TUQ." (authorised in
 * writing); a signature already by order (TL, TUQ) or for a collective (TM)
 * keeps its form.
 */
export function delegatedAuthority(assigned: SigningAuthority | null, delegate: Position): SigningAuthority | null {
  if (assigned === null || assigned === 'KT') return delegate === 'deputy_head' ? 'KT' : 'TUQ';
  return assigned;
}

/** The next number of the agency's series and the particulars the signature block prints. */
interface Numbering {
  seq: number;
  year: number;
  fullName: string;
  title: string;
  agencyName: string;
  agencyLevel: AgencyLevel;
  headTitle: string | null;
}

/**
 * Ký ban hành: the document takes the next number of its agency's series
 * for the year, its issue date and signature block, and the signer's
 * digital signature over its content; it must go out by the next working day.
 */
export const sign = defineCommand<NoPayload, Numbering>({
  payload: NoPayload,
  example: { expectedVersion: 5 },
  gather: async (tx, { doc, actor, now }) => {
    const year = vietnamYear(now);
    // The next number and the signer's particulars in one statement. The counter row is locked until
    // commit: numbers of one agency are issued one at a time, and a transaction that fails rolls its
    // number back, so there is never a gap.
    const [info]: Array<Omit<Numbering, 'year'>> = await tx.query(
      `WITH c AS (
         INSERT INTO number_counters (agency_code, year, last_value) VALUES ($2, $3, 1)
         ON CONFLICT (agency_code, year) DO UPDATE SET last_value = number_counters.last_value + 1
         RETURNING last_value)
       SELECT c.last_value AS seq, u.full_name AS "fullName", u.title, a.name AS "agencyName", a.level AS "agencyLevel",
              (SELECT h.title FROM users h WHERE h.agency_code = a.code AND h.position = 'head'
                ORDER BY h.username LIMIT 1) AS "headTitle"
         FROM c, users u JOIN agencies a ON a.code = $2
        WHERE u.username = $1`,
      [actor.username, doc.agencyCode, year],
    );
    return { ...info, year };
  },
  plan: ({ doc, actor, now, calendar, spans }, n) => {
    const number = formatDocumentNumber(n.seq, doc.type, doc.agencyCode, doc.unitCode);
    const behalf = onBehalfOf(doc, actor);
    const authority = behalf ? delegatedAuthority(doc.signingAuthority, actor.position) : doc.signingAuthority;
    const block = signatureBlock({
      authority,
      agencyName: n.agencyName,
      agencyLevel: n.agencyLevel,
      headTitle: n.headTitle,
      signerTitle: n.title,
      signerName: n.fullName,
    });
    const issuedAt = now.toISOString();
    return {
      machineEvent: { type: 'SIGN' },
      set: {
        number,
        numberYear: n.year,
        numberSeq: n.seq,
        issuedAt: now,
        signatureBlock: block,
        signingAuthority: authority,
        signedBy: actor.username,
        // Nghị định 30 Điều 18.1: by the next working day; an urgent one at once (URGENT_DISSEMINATION).
        disseminationDeadline: disseminationDue(now, doc.urgency, spans.urgentDissemination, calendar),
      },
      sign: { type: doc.type, number, issuedAt, title: doc.title, body: doc.body, signer: actor.username },
      payload: { number, issuedAt, signatureBlock: block },
      onBehalfOf: behalf,
    };
  },
});
