import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import signpdf from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';
import { constants, createHash, createPublicKey, privateEncrypt, verify } from 'node:crypto';
import { commonName, subjectLine, type KeyAndCertificate } from './x509';

/**
 * PAdES signatures (ETSI.CAdES.detached: a CMS detached signature, SHA-256,
 * in a PDF signature field), added as an incremental update so that a second
 * signature leaves the first one's bytes as they were. @signpdf makes the
 * field and fills it; the CMS is node-forge's.
 */
class KeySigner extends Signer {
  constructor(private readonly signer: KeyAndCertificate) {
    super();
  }

  /**
   * forge's key, signing with Node's RSA instead of forge's own (pure JS, ~50 ms a signature; native, ~1 ms):
   * RSASSA-PKCS1-v1_5 over the DigestInfo of the digest forge computed, the DigestInfo built with forge's asn1.
   */
  private nativeKey(): forge.pki.rsa.PrivateKey {
    const pem = forge.pki.privateKeyToPem(this.signer.key);
    return Object.assign(Object.create(this.signer.key), {
      sign: (md: forge.md.MessageDigest) => {
        const digestInfo = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
          forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
            forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OID, false, forge.asn1.oidToDer(forge.pki.oids.sha256).getBytes()),
            forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, ''),
          ]),
          forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, md.digest().getBytes()),
        ]);
        const der = Buffer.from(forge.asn1.toDer(digestInfo).getBytes(), 'binary');
        return privateEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, der).toString('binary');
      },
    });
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdfBuffer.toString('binary'));
    for (const c of [this.signer.certificate, ...this.signer.chain]) p7.addCertificate(c);
    p7.addSigner({
      key: this.nativeKey(),
      certificate: this.signer.certificate,
      digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime, value: (signingTime ?? new Date()) as unknown as string },
        { type: forge.pki.oids.messageDigest },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}

export interface SignatureFacts {
  /** Why (Ký ban hành, Phát hành), who (the name shown), where (the place of the agency). */
  reason: string;
  name: string;
  location: string;
  at: Date;
}

/** Room for the CMS: the certificate chain (two or three RSA-2048 certificates) and the signature. */
const SIGNATURE_LENGTH = 16_384;

export async function signPdf(pdf: Buffer, signer: KeyAndCertificate, facts: SignatureFacts): Promise<Buffer> {
  const withField = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: facts.reason,
    contactInfo: '',
    name: facts.name,
    location: facts.location,
    signingTime: facts.at,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'examflow',
  });
  return signpdf.sign(withField, new KeySigner(signer), facts.at);
}

/** One signature of a PDF, as GET /api/documents/:id/signature reports it. */
export interface PdfSignature {
  signer: string;
  subject: string;
  signedAt: string | null;
  /** The bytes it covers are unchanged and the CMS signature holds (trust in the issuer is the reader's). */
  valid: boolean;
  /** Whether it covers the whole file (the last one should). */
  coversWholeFile: boolean;
  /** The signer's certificate (PEM), for the caller to say whether it trusts it. */
  certificatePem: string | null;
}

/**
 * Every signature of a PDF: each /ByteRange and /Contents, the digest of the
 * ranges against the CMS messageDigest, and the CMS signature over its signed
 * attributes against the signer's certificate.
 */
export function pdfSignatures(pdf: Buffer): PdfSignature[] {
  const text = pdf.toString('latin1');
  const found: PdfSignature[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [a, b, c, d] = m.slice(1, 5).map(Number);
    if (a !== 0 || c + d > pdf.length || b >= c) continue;
    const hex = text.slice(b, c).replace(/^</, '').replace(/>$/, '').replace(/(00)+$/, '');
    const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    found.push(inspect(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'), signed, c + d === pdf.length));
  }
  return found;
}

function inspect(cms: Buffer, signed: Buffer, coversWholeFile: boolean): PdfSignature {
  try {
    const asn1 = forge.asn1.fromDer(cms.toString('binary'), { strict: false } as never);
    const message = forge.pkcs7.messageFromAsn1(asn1) as forge.pkcs7.PkcsSignedData & {
      rawCapture: { signerInfos: forge.asn1.Asn1[] };
    };
    const certificate = message.certificates[0];
    const info = message.rawCapture.signerInfos[0];
    const parts = info.value as forge.asn1.Asn1[];
    // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature, …
    const attrs = parts.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
    const signature = parts.find((p, i) => i > 3 && p.type === forge.asn1.Type.OCTETSTRING);
    const certificatePem = forge.pki.certificateToPem(certificate);
    if (!attrs || !signature) return { signer: commonName(certificate), subject: subjectLine(certificate), signedAt: null, valid: false, coversWholeFile, certificatePem };
    const signedAttrs = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrs.value as forge.asn1.Asn1[]);
    let digest: string | null = null;
    let signedAt: string | null = null;
    for (const attr of attrs.value as forge.asn1.Asn1[]) {
      const [oid, values] = attr.value as forge.asn1.Asn1[];
      const id = forge.asn1.derToOid(oid.value as string);
      const value = (values.value as forge.asn1.Asn1[])[0];
      if (id === forge.pki.oids.messageDigest) digest = Buffer.from(value.value as string, 'binary').toString('hex');
      if (id === forge.pki.oids.signingTime) signedAt = forge.asn1.utcTimeToDate(value.value as string).toISOString();
    }
    const pem = certificatePem;
    const holds =
      digest === createHash('sha256').update(signed).digest('hex') &&
      verify('sha256', Buffer.from(forge.asn1.toDer(signedAttrs).getBytes(), 'binary'), createPublicKey(pem), Buffer.from(signature.value as string, 'binary'));
    return { signer: commonName(certificate), subject: subjectLine(certificate), signedAt, valid: holds, coversWholeFile, certificatePem };
  } catch {
    return { signer: '', subject: '', signedAt: null, valid: false, coversWholeFile, certificatePem: null };
  }
}
