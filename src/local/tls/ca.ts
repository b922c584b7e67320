import { webcrypto, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as X509 from '@peculiar/x509';

/** The files of the CA generated per state dir and the server certificate it signs (localhost and loopback addresses). */
export interface TlsFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly ca: string;
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 24 * 3600 * 1000;

/**
 * Returns the CA and server certificate of a state dir, creating them on first use. The CA is kept across runs of
 * the same state dir, so clients that trust it keep working, as long as the certificate is valid and names every
 * address in `addresses` (127.0.0.1 always; the per-node addresses of cluster-mode-disabled groups); otherwise both are
 * made anew (the CA key is never stored). EC P-256 keys take milliseconds to generate.
 */
export async function ensureTls(stateDir: string, addresses: string[] = []): Promise<TlsFiles> {
  const dir = join(stateDir, 'tls');
  const files = { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key') };
  const ips = [...new Set(['127.0.0.1', ...addresses])];
  if (existsSync(files.caFile) && existsSync(files.certFile) && existsSync(files.keyFile)) {
    const cert = new X509Certificate(readFileSync(files.certFile));
    const valid = new Date(cert.validTo).getTime() > Date.now() + DAY;
    if (valid && ips.every((ip) => cert.checkIP(ip) !== undefined)) return { ...files, ca: readFileSync(files.caFile, 'utf8') };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Loaded only to create certificates (~16 MB resident): a supervisor reusing the files of its state dir never loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const x509 = require('@peculiar/x509') as typeof X509;
  const crypto = webcrypto;
  x509.cryptoProvider.set(crypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const now = Date.now();
  const notBefore = new Date(now - DAY);
  const notAfter = new Date(now + 365 * DAY);
  const caKeys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=cdk-elasticache local CA',
    notBefore,
    notAfter,
    signingAlgorithm: ALG,
    keys: caKeys as never,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign + x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey as never),
    ],
  });
  const keys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=localhost',
    issuer: caCert.subject,
    notBefore,
    notAfter,
    signingAlgorithm: ALG,
    publicKey: keys.publicKey as never,
    signingKey: caKeys.privateKey as never,
    extensions: [
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        ...ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      new x509.BasicConstraintsExtension(false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature + x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const ca = caCert.toString('pem') + '\n';
  writeFileSync(files.caFile, ca);
  writeFileSync(files.certFile, cert.toString('pem') + '\n');
  writeFileSync(files.keyFile, pem('PRIVATE KEY', pkcs8), { mode: 0o600 });
  return { ...files, ca };
}

function serial(): string {
  const b = webcrypto.getRandomValues(new Uint8Array(12));
  b[0] = b[0] % 0x80; // positive serial number
  return Buffer.from(b).toString('hex');
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
