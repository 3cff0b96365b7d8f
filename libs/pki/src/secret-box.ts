import { Inject, Injectable, Logger } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { APP_CONFIG, localSecret, type AppConfig } from '../../config/src';

/**
 * Private keys at rest: AES-256-GCM under the server key SIGNING_KEY (every
 * process is given the same one; the zero-config start generates one into
 * the data directory). Signers' Ed25519 keys, the certificates' RSA keys and
 * the deployment's CA key are kept this way.
 */
@Injectable()
export class SecretBox {
  private readonly log = new Logger(SecretBox.name);
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = createHash('sha256').update(this.secret(config)).digest();
  }

  seal(plain: Buffer | string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain) : plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): Buffer {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  }

  /** SIGNING_KEY, or for the local start a secret generated once into the data directory. */
  private secret(config: AppConfig): string {
    if (config.signingKey) return config.signingKey;
    const { value, created } = localSecret(config.dataDir, 'signing-key');
    if (created) this.log.warn(`SIGNING_KEY is not set: generated one into ${config.dataDir}/signing-key (local start only)`);
    return value;
  }
}
