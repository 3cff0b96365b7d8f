import { Module } from '@nestjs/common';
import { CertificatesService } from './certificates.service';
import { SecretBox } from './secret-box';

/** Keys at rest (SecretBox), the CA and the certificates of signers and agencies. */
@Module({
  providers: [SecretBox, CertificatesService],
  exports: [SecretBox, CertificatesService],
})
export class PkiModule {}
