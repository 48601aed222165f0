/**
 * Certificates made at test time: a test CA, leaf certificates it issues (valid, expired, for other names), and a
 * second CA nobody trusts (standing in for a TLS-inspecting proxy). Keys from node:crypto, X.509 from node-forge.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import forge from 'node-forge';

export interface Issued {
  cert: string;
  key: string;
}

export interface TestCa extends Issued {
  name: string;
  issue(options: LeafOptions): Issued;
}

export interface LeafOptions {
  names: string[];
  notBefore?: Date;
  notAfter?: Date;
}

const DAY = 24 * 60 * 60 * 1000;
let serial = 1;

function keyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  // node:crypto makes the key in native code (forge's pure-JS generation takes seconds).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function nextSerial(): string {
  serial++;
  // DER integers take no leading zero byte (OpenSSL 3 rejects one): start with 0x10.
  return `1${serial.toString(16).padStart(7, '0')}`;
}

export function createCa(name: string): TestCa {
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = nextSerial();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + 365 * DAY);
  const subject = [
    { name: 'commonName', value: name },
    { name: 'organizationName', value: 'imprivata-config tests' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const caCert = cert;
  return {
    name,
    cert: forge.pki.certificateToPem(cert),
    key: keys.pem,
    issue(options: LeafOptions): Issued {
      const leafKeys = keyPair();
      const leaf = forge.pki.createCertificate();
      leaf.publicKey = leafKeys.publicKey;
      leaf.serialNumber = nextSerial();
      leaf.validity.notBefore = options.notBefore ?? new Date(Date.now() - DAY);
      leaf.validity.notAfter = options.notAfter ?? new Date(Date.now() + 90 * DAY);
      leaf.setSubject([{ name: 'commonName', value: options.names[0] }]);
      leaf.setIssuer(caCert.subject.attributes);
      leaf.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: options.names.map((n) => (/^[\d.]+$/.test(n) ? { type: 7, ip: n } : { type: 2, value: n })),
        },
        { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
      ]);
      leaf.sign(keys.privateKey, forge.md.sha256.create());
      return { cert: forge.pki.certificateToPem(leaf), key: leafKeys.pem };
    },
  };
}

export const days = (n: number): Date => new Date(Date.now() + n * DAY);

/** The tests' usual setup: a temporary folder with a fresh test CA, its certificate written to `caFile` in it. */
export interface CaFolder {
  dir: string;
  ca: TestCa;
  caFile: string;
  /** Removes the folder and everything the test wrote into it. */
  remove(): void;
}

export function caFolder(prefix: string): CaFolder {
  const dir = mkdtempSync(path.join(tmpdir(), `imprivata-${prefix}-`));
  const ca = createCa('Imprivata Config Test Root CA');
  const caFile = path.join(dir, 'test-ca.pem');
  writeFileSync(caFile, ca.cert);
  return { dir, ca, caFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
