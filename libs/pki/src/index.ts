export * from './secret-box';
export * from './certificates.service';
export * from './pki.module';
export * from './pades';
export * from './x509';
export * from './signature-field';
