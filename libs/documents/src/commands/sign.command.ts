import {
  NotPermitted,
  delegatedAuthority,
  disseminationDue,
  formatDocumentNumber,
  numberSeries,
  signatureBlock,
  signingAuthorityProblem,
  vietnamYear,
  type AgencyLevel,
} from '../../../domain/src';
import { authorisationInForce } from '../../../persistence/src/sql';
import { onBehalfOf } from '../queries/document.view';
import { defineCommand } from './command';
import { NoPayload } from './no-payload';

/** The next number of the agency's series and the particulars the signature block prints. */
interface Numbering {
  seq: number;
  year: number;
  fullName: string;
  title: string;
  agencyName: string;
  agencyLevel: AgencyLevel;
  agencySymbol: string;
  collectiveName: string | null;
  unitSymbol: string;
  headTitle: string | null;
  /** The title of the head of the signer's unit, for "TL. … / KT. …". */
  unitHeadTitle: string | null;
  /** The head's written authorisation the signer signs TUQ. under, when that is in question. */
  authorisation: { id: string; reference: string } | null;
}

/**
 * Ký ban hành: the document takes the next number of its agency's series
 * for the year (a secret one, of the series for secret documents), its issue date and signature block, and the signer's
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
    const [info]: Array<Omit<Numbering, 'year' | 'authorisation'>> = await tx.query(
      `WITH c AS (
         INSERT INTO number_counters (agency_code, year, series, last_value) VALUES ($2, $3, $5, 1)
         ON CONFLICT (agency_code, year, series) DO UPDATE SET last_value = number_counters.last_value + 1
         RETURNING last_value)
       SELECT c.last_value AS seq, u.full_name AS "fullName", u.title, a.name AS "agencyName", a.level AS "agencyLevel",
              a.symbol AS "agencySymbol", a.collective_name AS "collectiveName", du.symbol AS "unitSymbol",
              (SELECT h.title FROM users h WHERE h.agency_code = a.code AND h.position = 'head' AND NOT h.disabled
                ORDER BY h.username LIMIT 1) AS "headTitle",
              (SELECT uh.title FROM users uh WHERE u.position = 'deputy_unit_head' AND uh.agency_code = u.agency_code
                  AND uh.unit_code = u.unit_code AND uh.position = 'unit_head' AND NOT uh.disabled
                ORDER BY uh.username LIMIT 1) AS "unitHeadTitle"
         FROM c, users u JOIN agencies a ON a.code = $2 JOIN units du ON du.agency_code = $2 AND du.code = $4
        WHERE u.username = $1`,
      [actor.username, doc.agencyCode, year, doc.unitCode, numberSeries(doc.confidentiality ?? 'normal')],
    );
    // A TUQ. signature needs the head's authorisation in force now, not only when it was asked for.
    const tuq = doc.signingAuthority === 'TUQ' || (onBehalfOf(doc, actor) !== null && actor.position === 'unit_head');
    const [authorisation] = tuq ? await tx.query(authorisationInForce('$1', '$2', '$3'), [actor.username, doc.agencyCode, doc.type]) : [];
    return { ...info, year, authorisation: authorisation ? { id: authorisation.id, reference: authorisation.reference } : null };
  },
  plan: ({ doc, actor, now, calendar, spans }, n) => {
    const behalf = onBehalfOf(doc, actor);
    const authorised = n.authorisation !== null;
    let authority = doc.signingAuthority;
    if (behalf) {
      const delegated = delegatedAuthority(doc.signingAuthority, { position: actor.position, authorised });
      if ('problem' in delegated) throw new NotPermitted(`Không được ký thay ${behalf}: ${delegated.problem}`);
      authority = delegated.authority;
    }
    // Authority is checked when it is used: a signer moved to another post, or an authorisation ended, signs nothing.
    const problem = signingAuthorityProblem({ authority, position: actor.position, agencyLevel: n.agencyLevel, documentType: doc.type, authorised });
    if (problem) throw new NotPermitted(`Không ký được với thẩm quyền ${authority ?? 'tên mình'}: ${problem}`);
    const number = formatDocumentNumber(n.seq, doc.type, n.agencySymbol, n.unitSymbol);
    const block = signatureBlock({
      authority,
      agencyName: n.agencyName,
      agencyLevel: n.agencyLevel,
      collectiveName: n.collectiveName,
      headTitle: n.headTitle,
      unitHeadTitle: n.unitHeadTitle,
      signerPosition: actor.position,
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
        // A secret document's number is of its agency's own series for them (Nghị định 30 Điều 15.2).
        numberSeries: numberSeries(doc.confidentiality ?? 'normal'),
        issuedAt: now,
        signatureBlock: block,
        signingAuthority: authority,
        signedBy: actor.username,
        // Nghị định 30 Điều 18.1: by the next working day; an urgent one at once (URGENT_DISSEMINATION).
        disseminationDeadline: disseminationDue(now, doc.urgency, spans.urgentDissemination, calendar),
      },
      sign: { type: doc.type, number, issuedAt, title: doc.title, body: doc.body, signer: actor.username },
      payload: { number, issuedAt, signatureBlock: block, ...(authority === 'TUQ' && n.authorisation ? { authorisation: n.authorisation } : {}) },
      onBehalfOf: behalf,
    };
  },
});
