import { signedContentDigest, type SignedContent } from './digital-signature';

describe('what a digital signature covers', () => {
  const content: SignedContent = {
    type: 'QĐ',
    number: '01/QĐ-BGDĐT',
    issuedAt: '2026-06-01T02:00:00.000Z',
    title: 'Quyết định',
    body: 'Điều 1.',
    signer: 'son.nk',
  };

  it('is the SHA-256 of the six fields, whatever order they are given in', () => {
    const digest = signedContentDigest(content);
    expect(digest).toHaveLength(32);
    const reordered = Object.fromEntries(Object.entries(content).reverse()) as unknown as SignedContent;
    expect(signedContentDigest(reordered).equals(digest)).toBe(true);
    expect(signedContentDigest({ ...content, extra: 'ignored' } as SignedContent).equals(digest)).toBe(true);
  });

  it('changes with each field', () => {
    const digest = signedContentDigest(content);
    for (const key of Object.keys(content) as Array<keyof SignedContent>) {
      expect({ key, same: signedContentDigest({ ...content, [key]: `${content[key]}.` }).equals(digest) }).toEqual({ key, same: false });
    }
  });
});
