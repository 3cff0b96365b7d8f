import { createHash } from 'node:crypto';
import { canonicalJson } from './hash-chain';

/**
 * What a document's digital signature covers (issue: type, number, date,
 * title, body, signer), and its SHA-256. Any change to one of these stored
 * fields makes the signature invalid.
 */
export interface SignedContent {
  type: string;
  number: string;
  issuedAt: string;
  title: string;
  body: string;
  signer: string;
}

export function signedContentDigest(content: SignedContent): Buffer {
  return createHash('sha256')
    .update(
      canonicalJson({
        type: content.type,
        number: content.number,
        issuedAt: content.issuedAt,
        title: content.title,
        body: content.body,
        signer: content.signer,
      }),
    )
    .digest();
}
