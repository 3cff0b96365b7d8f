import signpdf from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';
import { constants, createHash, createPublicKey, privateEncrypt, verify } from 'node:crypto';
import { addSignatureField, type SignatureAppearance } from './signature-field';
import { commonName, subjectLine, type KeyAndCertificate } from './x509';

const { asn1 } = forge;
const der = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
const seq = (...nodes: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, nodes);
const octets = (b: Buffer) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, b.toString('binary'));
const oid = (id: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
/** id-aa-signingCertificateV2 (RFC 5035). */
const SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

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
   * The CMS of a PAdES baseline signature (ETSI EN 319 142-1, B-B): signed attributes content-type,
   * message-digest and the ESS signing-certificate-v2 that binds the signer's certificate, and no
   * signing-time (the time is the signature dictionary's /M). forge writes only the attributes it knows
   * (content-type, message-digest, signing-time), so the certificate attribute joins them when forge
   * asks the key to sign: the signed set is then re-serialised and signed with Node's RSA (native, ~1 ms;
   * forge's pure-JS RSA ~50 ms), RSASSA-PKCS1-v1_5 over SHA-256.
   */
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdfBuffer.toString('binary'));
    for (const c of [this.signer.certificate, ...this.signer.chain]) p7.addCertificate(c);
    const pem = forge.pki.privateKeyToPem(this.signer.key);
    const certificate = this.signer.certificate;
    const key = Object.assign(Object.create(this.signer.key), {
      sign: () => {
        const info = (p7 as unknown as { signers: Array<{ authenticatedAttributesAsn1: forge.asn1.Asn1 }> }).signers[0];
        const attributes = info.authenticatedAttributesAsn1.value as forge.asn1.Asn1[];
        attributes.push(signingCertificateV2(certificate));
        const signedSet = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, attributes);
        const digestInfo = seq(seq(oid(forge.pki.oids.sha256), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')), octets(createHash('sha256').update(der(signedSet)).digest()));
        return privateEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, der(digestInfo)).toString('binary');
      },
    });
    p7.addSigner({
      key,
      certificate,
      digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [{ type: forge.pki.oids.contentType, value: forge.pki.oids.data }, { type: forge.pki.oids.messageDigest }],
    });
    p7.sign({ detached: true });
    return der(p7.toAsn1());
  }
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 ::= SEQUENCE {
 * hashAlgorithm DEFAULT sha256 (so left out), certHash, issuerSerial { issuer GeneralNames, serialNumber } }.
 */
function signingCertificateV2(certificate: forge.pki.Certificate): forge.asn1.Asn1 {
  const certDer = der(forge.pki.certificateToAsn1(certificate));
  const directoryName = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [forge.pki.distinguishedNameToAsn1(certificate.issuer)]);
  const serial = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(certificate.serialNumber));
  const essCertId = seq(octets(createHash('sha256').update(certDer).digest()), seq(seq(directoryName), serial));
  return seq(oid(SIGNING_CERTIFICATE_V2), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [seq(seq(essCertId))]));
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

/** Signs `pdf` as an incremental update: a new signature field, visible when `appearance` is given. */
export async function signPdf(pdf: Buffer, signer: KeyAndCertificate, facts: SignatureFacts, appearance?: SignatureAppearance): Promise<Buffer> {
  const withField = addSignatureField(
    pdf,
    { subFilter: SUBFILTER_ETSI_CADES_DETACHED, reason: facts.reason, name: facts.name, location: facts.location, at: facts.at, contentsLength: SIGNATURE_LENGTH },
    appearance,
  );
  return signpdf.sign(withField, new KeySigner(signer));
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
    // The /Contents placeholder is the CMS zero-padded to its reserved size. The DER says its own length
    // (parsed with parseAllBytes off), so no padding is stripped: a CMS may end in a zero byte of its own.
    const hex = text.slice(b, c).replace(/^</, '').replace(/>$/, '');
    const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    const signature = inspect(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'), signed, c + d === pdf.length);
    // PAdES puts the time in the signature dictionary (/M), not in the CMS.
    signature.signedAt ??= dictionaryTime(text.slice(text.lastIndexOf(' obj', m.index), text.indexOf('endobj', m.index)));
    found.push(signature);
  }
  return found;
}

/** A signature dictionary's /M, `(D:YYYYMMDDHHmmSS+07'00')`, as an ISO instant. */
function dictionaryTime(dict: string): string | null {
  const m = /\/M\s*\(D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|([+-])(\d\d)'?(\d\d)?'?)?\)/.exec(dict);
  if (!m) return null;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[8]}${m[9]}:${m[10] ?? '00'}`;
  const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

function inspect(cms: Buffer, signed: Buffer, coversWholeFile: boolean): PdfSignature {
  try {
    const asn1 = forge.asn1.fromDer(cms.toString('binary'), { strict: false, parseAllBytes: false } as never);
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
