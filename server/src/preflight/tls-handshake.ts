/**
 * The TLS step: SNI with the original host name (also under `--connect-to` and through a proxy tunnel), full
 * chain and host-name validation against the run's trust store, and a failure that names its cause.
 *
 * Node's `rejectUnauthorized` would destroy the socket before the peer certificate can be read, so the issuer of
 * an untrusted chain could not be named. The handshake therefore completes with the verdict recorded
 * (`authorized` / `authorizationError`, computed by Node exactly as for `rejectUnauthorized`, host name
 * included), and `verifiedTls` destroys every socket that is not authorized before anything is sent on it. There
 * is no path that hands out an unauthorized socket.
 */
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import { StepFailure } from './steps';
import type { Clock, Connection, StepRunner, TrustStore } from './types';

export interface VerifiedTls {
  socket: tls.TLSSocket;
  protocol: string;
  /** `CN=api.digicert.com`, issued by `CN=DigiCert ...`, valid until. */
  certificate: { subject: string; issuer: string; validTo: Date };
}

const UNTRUSTED = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'INVALID_CA',
  'CERT_SIGNATURE_FAILURE',
]);

/** For protocols other than HTTPS: no ALPN offer, and the appliance's TLS versions (SMTP: up to 1.2). */
export interface TlsOptions {
  applianceVersions?: boolean;
  alpn?: string[] | false;
}

export function verifiedTls(
  connection: Connection,
  host: string,
  trust: TrustStore,
  clock: Clock,
  steps: StepRunner,
  options: TlsOptions = {},
): Promise<VerifiedTls> {
  return steps.run('tls', (signal) => handshake(connection, host, trust, clock, signal, options));
}

function handshake(
  connection: Connection,
  host: string,
  trust: TrustStore,
  clock: Clock,
  signal: AbortSignal,
  options: TlsOptions = {},
): Promise<{ value: VerifiedTls; detail: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      socket: connection.socket,
      host,
      servername: isIP(host) ? undefined : host,
      secureContext: options.applianceVersions ? trust.applianceContext() : trust.secureContext,
      // Not a way around verification: the verdict is enforced below, before the socket is used (see the header).
      rejectUnauthorized: false,
      ALPNProtocols: options.alpn === false ? undefined : (options.alpn ?? ['http/1.1']),
    });
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      const peer = socket.getPeerCertificate(true);
      if (!socket.authorized) {
        socket.destroy();
        reject(verdict(String(socket.authorizationError ?? 'UNKNOWN'), peer, host, clock));
        return;
      }
      const certificate = {
        subject: distinguishedName(peer.subject),
        issuer: distinguishedName(peer.issuer),
        validTo: new Date(peer.valid_to),
      };
      const protocol = socket.getProtocol() ?? 'TLS';
      resolve({
        value: { socket, protocol, certificate },
        detail: `${protocol}, certificate ${certificate.subject} issued by ${certificate.issuer}, trusted, valid until ${day(certificate.validTo)}, name matches ${host}`,
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(handshakeFailure(error.code));
    });
  });
}

function verdict(code: string, peer: tls.DetailedPeerCertificate, host: string, clock: Clock): StepFailure {
  if (code === 'CERT_HAS_EXPIRED') {
    const expired = expiredIn(peer, clock);
    return new StepFailure(
      'expired',
      `the certificate ${distinguishedName(expired.subject)} expired on ${day(new Date(expired.valid_to))}`,
      'the server (or a proxy in between) presents an expired certificate: it must be renewed',
    );
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return new StepFailure(
      'not-yet-valid',
      `the certificate ${distinguishedName(peer.subject)} is not valid before ${day(new Date(peer.valid_from))}`,
      "check this workstation's clock, or the server's certificate",
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code.startsWith('Hostname/IP does not match')) {
    const names = peer.subjectaltname
      ? peer.subjectaltname.replace(/DNS:/g, '').split(/,\s*/).slice(0, 5).join(', ')
      : distinguishedName(peer.subject);
    return new StepFailure(
      'wrong-host',
      `the certificate is for ${names}, not ${host}`,
      'a wrong-host certificate: often a proxy, a load balancer or a captive portal answering in place of the real host',
    );
  }
  if (UNTRUSTED.has(code)) {
    const issuer = distinguishedName(topOfChain(peer).issuer);
    return new StepFailure(
      'untrusted',
      `the certificate chain ends at ${issuer}, an issuer this workstation does not trust (${code})`,
      `likely a TLS-inspecting proxy: add its CA certificate with --ca (VS Code: imprivata.preflight.caFiles) or NODE_EXTRA_CA_CERTS, or have the host exempted from inspection`,
    );
  }
  return new StepFailure('tls', `the certificate was rejected (${code})`, 'the server presents a certificate that fails validation');
}

export function handshakeFailure(code: string | undefined): StepFailure {
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === undefined) {
    return new StepFailure(
      'tls',
      'the server closed the connection during the TLS handshake',
      'a firewall or proxy that filters TLS by host name (SNI) often does this',
    );
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return new StepFailure('tls', `the server does not speak TLS on this port (${code})`, 'check the port and protocol of the entry');
  }
  return new StepFailure('tls', `the TLS handshake failed (${code})`, 'the server and this workstation share no TLS version or cipher');
}

/** The certificate an expiry is about: the first expired one up the chain. */
function expiredIn(peer: tls.DetailedPeerCertificate, clock: Clock): tls.PeerCertificate {
  const now = clock.date().getTime();
  for (let cert: tls.DetailedPeerCertificate | undefined = peer, depth = 0; cert && depth < 10; depth++) {
    if (cert.valid_to && new Date(cert.valid_to).getTime() < now) return cert;
    cert = cert.issuerCertificate && cert.issuerCertificate !== cert ? cert.issuerCertificate : undefined;
  }
  return peer;
}

/** The last certificate the server sent (a self-signed one is its own issuer). */
function topOfChain(peer: tls.DetailedPeerCertificate): tls.PeerCertificate {
  let cert = peer;
  for (let depth = 0; depth < 10 && cert.issuerCertificate && cert.issuerCertificate !== cert && cert.issuerCertificate.raw; depth++) {
    cert = cert.issuerCertificate;
  }
  return cert;
}

export function distinguishedName(name: tls.Certificate | undefined): string {
  if (!name) return '"(no name)"';
  const order = ['CN', 'OU', 'O', 'L', 'ST', 'C'] as const;
  const parts = order.flatMap((key) => {
    const value = (name as unknown as Record<string, string | string[] | undefined>)[key];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).map((v) => `${key}=${v}`);
  });
  return `"${parts.join(', ') || '(no name)'}"`;
}

function day(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'an unknown date' : date.toISOString().slice(0, 10);
}
