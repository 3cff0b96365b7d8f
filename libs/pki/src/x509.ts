import forge from 'node-forge';
import { generateKeyPair, randomBytes } from 'node:crypto';

/**
 * X.509 with node-forge: the deployment's CA, and the certificates it
 * issues to signers and agencies. Names are UTF-8 (Vietnamese as written).
 */
export interface KeyAndCertificate {
  key: forge.pki.rsa.PrivateKey;
  certificate: forge.pki.Certificate;
  /** The issuers up to the root, nearest first (for the CMS, so a reader can build the path). */
  chain: forge.pki.Certificate[];
}

export interface Subject {
  commonName: string;
  title?: string;
  organization?: string;
}

const utf8 = (name: string, value: string) => ({ name, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });

function attributes(s: Subject): forge.pki.CertificateField[] {
  return [
    { name: 'countryName', value: 'VN' },
    ...(s.organization ? [utf8('organizationName', s.organization)] : []),
    ...(s.title ? [utf8('title', s.title)] : []),
    utf8('commonName', s.commonName),
  ];
}

/**
 * An attribute's value as text. forge hands a parsed UTF8String over as its
 * raw bytes (and encodes a JS string when it writes one): decoded here, so a
 * name read from a stored certificate is written back once, not twice.
 */
function text(a: { value?: unknown; valueTagClass?: unknown }): string {
  const value = String(a.value ?? '');
  if (a.valueTagClass !== forge.asn1.Type.UTF8) return value;
  try {
    return forge.util.decodeUtf8(value);
  } catch {
    return value; // already text (a certificate made in this process, never parsed)
  }
}

/**
 * A certificate from PEM, its names as text: forge would otherwise write a
 * parsed name's raw bytes back as if they were text (encoded twice) where it
 * builds a name anew, e.g. the issuer-and-serial that names the signer in a CMS.
 */
export function parseCertificate(pem: string): forge.pki.Certificate {
  return normalise(forge.pki.certificateFromPem(pem));
}

function normalise(c: forge.pki.Certificate): forge.pki.Certificate {
  for (const a of [...c.subject.attributes, ...c.issuer.attributes]) a.value = text(a);
  return c;
}

/**
 * An RSA-2048 key pair, made by Node (native, on libuv's pool: the event loop goes on meanwhile, other
 * requests are answered while a first signature's key is made), handed to forge.
 */
export async function newKeyPair(): Promise<{ privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey }> {
  const { privateKey, publicKey } = await new Promise<{ privateKey: string; publicKey: string }>((ok, fail) =>
    generateKeyPair(
      'rsa',
      { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } },
      (e, pub, key) => (e ? fail(e) : ok({ privateKey: key, publicKey: pub })),
    ),
  );
  return { privateKey: forge.pki.privateKeyFromPem(privateKey), publicKey: forge.pki.publicKeyFromPem(publicKey) };
}

function serial(): string {
  // Positive, 16 bytes: the high bit cleared.
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString('hex');
}

/** A self-signed root for the deployment (ten years). */
export async function makeCa(name: string, now = new Date()): Promise<KeyAndCertificate> {
  const { privateKey, publicKey } = await newKeyPair();
  const c = forge.pki.createCertificate();
  c.publicKey = publicKey;
  c.serialNumber = serial();
  c.validity.notBefore = new Date(now.getTime() - 86_400_000);
  c.validity.notAfter = new Date(now.getTime() + 10 * 365 * 86_400_000);
  const subject = attributes({ commonName: name, organization: 'examflow' });
  c.setSubject(subject);
  c.setIssuer(subject);
  c.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  c.sign(privateKey, forge.md.sha256.create());
  return { key: privateKey, certificate: c, chain: [] };
}

/** A signing certificate for a person or an agency, issued by `ca` (three years). */
export async function issue(ca: KeyAndCertificate, subject: Subject, now = new Date()): Promise<KeyAndCertificate> {
  const { privateKey, publicKey } = await newKeyPair();
  const c = forge.pki.createCertificate();
  c.publicKey = publicKey;
  c.serialNumber = serial();
  c.validity.notBefore = new Date(now.getTime() - 86_400_000);
  c.validity.notAfter = new Date(now.getTime() + 3 * 365 * 86_400_000);
  c.setSubject(attributes(subject));
  // The issuer's name as the CA's certificate writes its subject (readers match the two to build the path).
  c.setIssuer(ca.certificate.subject.attributes);
  c.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
    // The issuer's key id (forge's `true` would take this certificate's own): readers build the path with it.
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.certificate.generateSubjectKeyIdentifier().getBytes() },
  ]);
  c.sign(ca.key, forge.md.sha256.create());
  return { key: privateKey, certificate: c, chain: [ca.certificate, ...ca.chain] };
}

/** An issued certificate is renewed when it has less than this left. */
const RENEW_BEFORE_MS = 24 * 3600_000;

/**
 * Whether an issued certificate still says who signs: in force for a day more, the holder's name, title
 * and agency as they are now, and issued by the deployment's CA as it is now.
 */
export function stillCurrent(c: forge.pki.Certificate, subject: Subject, ca: KeyAndCertificate, now = new Date()): boolean {
  if (c.validity.notAfter.getTime() < now.getTime() + RENEW_BEFORE_MS) return false;
  const field = (name: string) => (c.subject.getField({ name }) as { value?: string } | null)?.value ?? '';
  if (field('commonName') !== subject.commonName || field('title') !== (subject.title ?? '') || field('organizationName') !== (subject.organization ?? '')) {
    return false;
  }
  try {
    return ca.certificate.verify(c);
  } catch {
    return false; // not issued by this CA (forge throws when the issuer's name differs)
  }
}

/** The common name of a certificate's subject, as written. */
export function commonName(c: forge.pki.Certificate): string {
  const cn = c.subject.getField('CN');
  return cn ? text(cn) : '';
}

/** "CN=…, title=…, O=…, C=VN", for people to read. */
export function subjectLine(c: forge.pki.Certificate): string {
  return c.subject.attributes
    .slice()
    .reverse()
    .map((a) => `${a.shortName ?? a.name}=${text(a)}`)
    .join(', ');
}

/** "CN=…, O=…" of the issuer. */
export function issuerLine(c: forge.pki.Certificate): string {
  return c.issuer.attributes
    .slice()
    .reverse()
    .map((a) => `${a.shortName ?? a.name}=${text(a)}`)
    .join(', ');
}

/** The key and certificates of a PKCS#12 (.p12 / .pfx) as a real CA delivers it, or an error saying why not. */
export function fromPkcs12(der: Buffer, passphrase: string): KeyAndCertificate {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), false, passphrase);
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new Error('the PKCS#12 holds no private key (only RSA keys are supported)');
  const certificates = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => !!c)
    .map(normalise);
  const own = certificates.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(key.n) === 0 && pub.e?.compareTo(key.e) === 0;
  });
  if (!own) throw new Error('the PKCS#12 holds no certificate for its private key');
  return { key, certificate: own, chain: certificates.filter((c) => c !== own) };
}
