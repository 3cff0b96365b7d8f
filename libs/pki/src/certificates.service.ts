import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import forge from 'node-forge';
import { readFileSync } from 'node:fs';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/src';
import { Conflict, InvalidInput, formatVietnamTime } from '../../domain/src';
import { SecretBox } from './secret-box';
import { fromPkcs12, issue, issuerLine, makeCa, parseCertificate, stillCurrent, subjectLine, type KeyAndCertificate, type Subject } from './x509';


type Holder = { kind: 'user'; username: string } | { kind: 'agency'; code: string };

/**
 * The deployment's certificate authority and the certificates it gives:
 * one per signer (CN the full name, title, O the agency) and one per agency
 * (CN and O its name), made at first use. The CA is CA_CERT_FILE /
 * CA_KEY_FILE, or one made once and kept in the database (its key sealed
 * under SIGNING_KEY), so every process of a deployment signs under the same.
 * A signer may bring their own PKCS#12 from a real CA instead.
 */
@Injectable()
export class CertificatesService implements OnApplicationBootstrap {
  private caPromise: Promise<KeyAndCertificate> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly box: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The CA is loaded (or made) at start, on a connection of its own: a SIGN must never ask the pool for a
   * second connection while it holds its agency's number lock (twenty signings waiting on that lock would
   * hold every connection, and the first would wait for one forever).
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.ca();
  }

  /** The CA certificate, PEM: what a reader trusts to see the signatures as trusted (GET /api/ca.pem). */
  async caPem(): Promise<string> {
    return forge.pki.certificateToPem((await this.ca()).certificate);
  }

  /** The signer's key and certificate; issued (in `tx`) at their first signature. */
  forUser(tx: EntityManager, user: { username: string; fullName: string; title: string; agencyName: string }): Promise<KeyAndCertificate> {
    return this.forHolder(tx, { kind: 'user', username: user.username }, { commonName: user.fullName, title: user.title, organization: user.agencyName });
  }

  /** The agency's key and certificate (its organisation signature, with the seal). */
  forAgency(tx: EntityManager, agency: { code: string; name: string }): Promise<KeyAndCertificate> {
    return this.forHolder(tx, { kind: 'agency', code: agency.code }, { commonName: agency.name, organization: agency.name });
  }

  /** A PKCS#12 (.p12/.pfx) the user brings from a real CA: its key signs their documents from now on. */
  async importPkcs12(username: string, der: Buffer, passphrase: string): Promise<{ subject: string; issuer: string; notAfter: string }> {
    let found: KeyAndCertificate;
    try {
      found = fromPkcs12(der, passphrase);
    } catch (e) {
      throw new InvalidInput([`file: không đọc được tệp PKCS#12 (${(e as Error).message}); kiểm tra tệp và mật khẩu`]);
    }
    const now = new Date();
    if (found.certificate.validity.notAfter < now || found.certificate.validity.notBefore > now) {
      throw new InvalidInput(['file: chứng thư số đã hết hạn hoặc chưa có hiệu lực']);
    }
    // The certificate it replaces is kept as retired: the documents it signed stay vouched for.
    await this.db.query(
      `WITH old AS (
         SELECT certificate_pem, source FROM certificates WHERE holder_kind = 'user' AND holder = $1 FOR UPDATE),
       retired AS (
         INSERT INTO retired_certificates (holder_kind, holder, certificate_pem, source, retired_at)
         SELECT 'user', $1, certificate_pem, source, now() FROM old WHERE certificate_pem <> $2)
       INSERT INTO certificates (holder_kind, holder, certificate_pem, chain_pem, key_sealed, source)
       VALUES ('user', $1, $2, $3, $4, 'imported')
       ON CONFLICT (holder_kind, holder) DO UPDATE
         SET certificate_pem = EXCLUDED.certificate_pem, chain_pem = EXCLUDED.chain_pem,
             key_sealed = EXCLUDED.key_sealed, source = 'imported', created_at = now()`,
      [username, forge.pki.certificateToPem(found.certificate), found.chain.map((c) => forge.pki.certificateToPem(c)).join(''), this.box.seal(forge.pki.privateKeyToPem(found.key))],
    );
    return {
      subject: subjectLine(found.certificate),
      issuer: issuerLine(found.certificate),
      notAfter: found.certificate.validity.notAfter.toISOString(),
    };
  }

  /**
   * Whether examflow vouches for a signing certificate: issued by the deployment's CA, or one on record,
   * current or retired (a signer's PKCS#12, one issued under an earlier CA). A signature by any other
   * certificate is not examflow's.
   */
  async vouchesFor(pem: string): Promise<boolean> {
    try {
      const certificate = parseCertificate(pem);
      if ((await this.ca()).certificate.verify(certificate)) return true;
    } catch {
      /* not issued by the CA: perhaps brought */
    }
    const rows = await this.db.query(
      `SELECT 1 FROM certificates WHERE certificate_pem = $1 UNION ALL SELECT 1 FROM retired_certificates WHERE certificate_pem = $1 LIMIT 1`,
      [pem],
    );
    return rows.length > 0;
  }

  /** The signer's current certificate as people read it, or null before the first. */
  async describe(username: string): Promise<{ subject: string; issuer: string; source: string; notAfter: string } | null> {
    const [row] = await this.db.query(`SELECT certificate_pem AS pem, source FROM certificates WHERE holder_kind = 'user' AND holder = $1`, [username]);
    if (!row) return null;
    const c = parseCertificate(row.pem);
    return {
      subject: subjectLine(c),
      issuer: issuerLine(c),
      source: row.source,
      notAfter: c.validity.notAfter.toISOString(),
    };
  }

  /**
   * The holder's key and certificate, issued at first use and issued anew when the one on record no longer
   * says who signs: expired (or expiring within a day), its name, title or agency changed, or issued by a
   * CA the deployment no longer uses. The one it replaces is kept as retired, so the documents it signed
   * stay vouched for. A certificate the signer brought is never replaced here: expired, it is refused.
   */
  private async forHolder(tx: EntityManager, holder: Holder, subject: Subject): Promise<KeyAndCertificate> {
    const id = holder.kind === 'user' ? holder.username : holder.code;
    const read = async () =>
      (await tx.query(
        `SELECT certificate_pem AS pem, chain_pem AS chain, key_sealed AS key, source FROM certificates WHERE holder_kind = $1 AND holder = $2`,
        [holder.kind, id],
      ))[0] as { pem: string; chain: string; key: string; source: 'issued' | 'imported' } | undefined;
    let row = await read();
    const ca = await this.ca();
    const current = row && parseCertificate(row.pem);
    if (row && current && row.source === 'imported' && current.validity.notAfter < new Date()) {
      throw new Conflict(
        `Chứng thư số bạn đăng ký đã hết hạn ngày ${formatVietnamTime(current.validity.notAfter).slice(0, 10)}: đăng ký chứng thư mới (Chữ ký số) rồi ký lại`,
      );
    }
    const stale = row && current && row.source === 'issued' && !stillCurrent(current, subject, ca);
    if (!row || stale) {
      const made = await issue(ca, subject);
      const values = [holder.kind, id, forge.pki.certificateToPem(made.certificate), made.chain.map((c) => forge.pki.certificateToPem(c)).join(''), this.box.seal(forge.pki.privateKeyToPem(made.key))];
      if (!row) {
        await tx.query(
          `INSERT INTO certificates (holder_kind, holder, certificate_pem, chain_pem, key_sealed, source)
           VALUES ($1, $2, $3, $4, $5, 'issued') ON CONFLICT (holder_kind, holder) DO NOTHING`,
          values,
        );
      } else {
        // Replaced only if still the one read (another signing may have renewed it first: whichever landed).
        await tx.query(
          `WITH old AS (
             UPDATE certificates SET certificate_pem = $3, chain_pem = $4, key_sealed = $5, created_at = now()
              WHERE holder_kind = $1 AND holder = $2 AND certificate_pem = $6
             RETURNING holder_kind, holder)
           INSERT INTO retired_certificates (holder_kind, holder, certificate_pem, source, retired_at)
           SELECT holder_kind, holder, $6, 'issued', now() FROM old`,
          [...values, row.pem],
        );
      }
      row = (await read())!;
    }
    return {
      key: forge.pki.privateKeyFromPem(this.box.open(row.key).toString()) as forge.pki.rsa.PrivateKey,
      certificate: parseCertificate(row.pem),
      chain: splitPem(row.chain).map((p) => parseCertificate(p)),
    };
  }

  private ca(): Promise<KeyAndCertificate> {
    this.caPromise ??= this.loadCa().catch((e) => {
      this.caPromise = null;
      throw e;
    });
    return this.caPromise;
  }

  private async loadCa(): Promise<KeyAndCertificate> {
    if (this.config.caCertFile && this.config.caKeyFile) {
      return {
        certificate: parseCertificate(readFileSync(this.config.caCertFile, 'utf8')),
        key: forge.pki.privateKeyFromPem(readFileSync(this.config.caKeyFile, 'utf8')) as forge.pki.rsa.PrivateKey,
        chain: [],
      };
    }
    const read = async () => {
      const rows: Array<{ key: string; value: string }> = await this.db.query(
        `SELECT key, value FROM settings WHERE key IN ('pki.ca.certificate', 'pki.ca.key')`,
      );
      const get = (k: string) => rows.find((r) => r.key === k)?.value;
      const [pem, sealed] = [get('pki.ca.certificate'), get('pki.ca.key')];
      return pem && sealed ? { pem, sealed } : null;
    };
    let stored = await read();
    if (!stored) {
      const made = await makeCa('examflow — Tổ chức cung cấp chứng thư số nội bộ');
      // Both rows or neither, and the first process's CA wins a race.
      await this.db.query(
        `INSERT INTO settings (key, value) VALUES ('pki.ca.certificate', $1), ('pki.ca.key', $2) ON CONFLICT (key) DO NOTHING`,
        [forge.pki.certificateToPem(made.certificate), this.box.seal(forge.pki.privateKeyToPem(made.key))],
      );
      stored = (await read())!;
    }
    return {
      certificate: parseCertificate(stored.pem),
      key: forge.pki.privateKeyFromPem(this.box.open(stored.sealed).toString()) as forge.pki.rsa.PrivateKey,
      chain: [],
    };
  }
}

function splitPem(pems: string): string[] {
  return pems.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
