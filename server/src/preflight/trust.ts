/**
 * The certificate authorities the TLS steps trust: Node's bundled list, the operating system's store, the files
 * of `NODE_EXTRA_CA_CERTS` and `--ca`. Verification is always on: nothing here, or anywhere in the preflight, can
 * turn it off.
 */
import * as tls from 'node:tls';
import { readRegularFile } from '../node/input';
import type { TrustStore } from './types';

export class TrustError extends Error {}

/** Where Linux distributions and macOS keep the system's bundle (`SSL_CERT_FILE` first, as OpenSSL reads it). */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The most a CA file may hold: a distribution's whole bundle is about 250 KB; a proxy's CA a few KB. */
export const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

/**
 * A CA file's text, read as input files are (server/src/node/input.ts): only a regular file of at most
 * MAX_CA_FILE_BYTES, so a named pipe or a device given as a CA file is refused instead of blocking the run forever.
 * When it cannot be read, the reason is words for people, never the file's content.
 */
function readCaFile(file: string): { ok: true; text: string } | { ok: false; reason: string } {
  const read = readRegularFile(file, MAX_CA_FILE_BYTES);
  return read.ok ? { ok: true, text: Buffer.from(read.bytes).toString('utf8') } : { ok: false, reason: read.reason };
}

function certificatesIn(text: string): string[] {
  return text.match(PEM) ?? [];
}

/** The system store: Node's own reader where it has one (Node 22.15+), else the first bundle file found. */
function systemCertificates(env: NodeJS.ProcessEnv): { certificates: string[]; source?: string } {
  const reader = (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates;
  if (typeof reader === 'function') {
    try {
      return { certificates: reader('system'), source: 'the operating system store' };
    } catch {
      /* fall back to the files */
    }
  }
  for (const file of [env.SSL_CERT_FILE, ...SYSTEM_BUNDLES]) {
    if (!file) continue;
    const read = readCaFile(file);
    if (!read.ok) continue; // not on this system
    const certificates = certificatesIn(read.text);
    if (certificates.length) return { certificates, source: file };
  }
  return { certificates: [] };
}

export interface TrustOptions {
  /** `--ca` files: PEM, one or more certificates each. */
  caFiles?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export function createTrustStore(options: TrustOptions = {}): TrustStore {
  const env = options.env ?? process.env;
  const ca: string[] = [];
  const sources: string[] = [];
  ca.push(...tls.rootCertificates);
  sources.push("Node's bundled authorities");
  const system = systemCertificates(env);
  if (system.source) {
    ca.push(...system.certificates);
    sources.push(system.source);
  }
  // Node adds these to its default store only when no `ca` is given; we give one, so we add them.
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (extra) {
    const read = readCaFile(extra);
    if (read.ok) {
      ca.push(...certificatesIn(read.text));
      sources.push(`NODE_EXTRA_CA_CERTS (${extra})`);
    } else sources.push(`NODE_EXTRA_CA_CERTS (${extra}: unreadable, ignored)`);
  }
  for (const file of options.caFiles ?? []) {
    const read = readCaFile(file);
    if (!read.ok) throw new TrustError(`--ca ${file}: ${read.reason}. Give the certificate authority as a PEM file.`);
    const found = certificatesIn(read.text);
    if (found.length === 0) throw new TrustError(`--ca ${file}: no PEM certificate (-----BEGIN CERTIFICATE-----) in the file`);
    ca.push(...found);
    sources.push(`--ca ${file}`);
  }
  let secureContext: tls.SecureContext;
  try {
    secureContext = tls.createSecureContext({ ca });
  } catch {
    throw new TrustError(`a CA file holds a certificate that cannot be read (${sources.join(', ')})`);
  }
  let appliance: tls.SecureContext | undefined;
  const applianceContext = () => (appliance ??= tls.createSecureContext({ ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.2' }));
  return { secureContext, sources, applianceContext };
}
