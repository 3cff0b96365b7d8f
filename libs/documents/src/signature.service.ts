import { Injectable } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { signedContentDigest, type SignedContent } from '../../domain/src';
import { SecretBox } from '../../pki/src/secret-box';

export const SIGNATURE_ALGORITHM = 'Ed25519';

/**
 * Each signer's own Ed25519 key, made at their first signature; the private
 * key is kept encrypted (AES-256-GCM) under the server key SIGNING_KEY. At
 * SIGN the server signs the SHA-256 of the document's canonical content.
 */
@Injectable()
export class SignatureService {
  constructor(private readonly box: SecretBox) {}

  /** Signs inside the SIGN transaction; makes the signer's key pair on first use. */
  async sign(tx: EntityManager, username: string, content: SignedContent): Promise<{ signature: string; publicKey: string }> {
    const key = this.keys.get(username) ?? (await this.keyOf(tx, username));
    const signature = sign(null, signedContentDigest(content), key.privateKey).toString('base64');
    return { signature, publicKey: key.publicKey };
  }

  /** Keys already committed, decrypted once per process (keys are never rotated in place). */
  private readonly keys = new Map<string, { publicKey: string; privateKey: KeyObject }>();

  verify(publicKey: string, signature: string, content: SignedContent): boolean {
    try {
      const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
      return verify(null, signedContentDigest(content), key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }

  private async keyOf(tx: EntityManager, username: string): Promise<{ publicKey: string; privateKey: KeyObject }> {
    const found = await tx.query(
      `SELECT public_key AS "publicKey", private_key_enc AS "privateKeyEnc" FROM signing_keys WHERE username = $1`,
      [username],
    );
    if (found[0]) {
      const key = { publicKey: found[0].publicKey as string, privateKey: this.privateKey(found[0].privateKeyEnc) };
      this.keys.set(username, key);
      return key;
    }
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    await tx.query(
      `INSERT INTO signing_keys (username, public_key, private_key_enc) VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING`,
      [
        username,
        publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
        this.encrypt(privateKey.export({ format: 'der', type: 'pkcs8' })),
      ],
    );
    // Another transaction may have made it first: use whichever landed. Not cached: this transaction may yet roll back.
    const [row] = await tx.query(
      `SELECT public_key AS "publicKey", private_key_enc AS "privateKeyEnc" FROM signing_keys WHERE username = $1`,
      [username],
    );
    return { publicKey: row.publicKey, privateKey: this.privateKey(row.privateKeyEnc) };
  }

  private privateKey(encrypted: string): KeyObject {
    return createPrivateKey({ key: this.decrypt(encrypted), format: 'der', type: 'pkcs8' });
  }

  private encrypt(plain: Buffer): string {
    return this.box.seal(plain);
  }

  private decrypt(stored: string): Buffer {
    return this.box.open(stored);
  }
}
