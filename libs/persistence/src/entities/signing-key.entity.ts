import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/** A signer's Ed25519 key pair; the private key is encrypted (AES-256-GCM) under the server's SIGNING_KEY. */
@Entity('signing_keys')
export class SigningKeyEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'signing_keys_pkey' })
  @ForeignKey(() => UserEntity, { name: 'signing_keys_username_fkey' })
  username: string;

  /** SPKI DER, base64. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey: string;

  /** base64 of iv (12 bytes) ‖ tag (16 bytes) ‖ PKCS#8 DER ciphertext. */
  @Column({ name: 'private_key_enc', type: 'text' })
  privateKeyEnc: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
