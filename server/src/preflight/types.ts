/**
 * The preflight's contracts: the result objects every front end shows (CLI formats, the LSP command, the VS Code
 * report) and the ports the checks run over. Plain types only.
 */
import type { Socket } from 'node:net';
import type { SecureContext } from 'node:tls';

export type CheckKind = 'host' | 'idp-metadata' | 'smtp' | 'oauth2' | 'logo';
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skipped';

export interface CheckStep {
  /** `dns`, `tcp`, `proxy`, `tls`, `http`, ... */
  name: string;
  status: CheckStatus;
  /** Wall time of the step in milliseconds. */
  ms: number;
  detail: string;
}

/** One check's result: the shape of the JSON report and of the `imprivata.preflight.run` command's answer. */
export interface CheckResult {
  /** Stable within a file: `host:api.digicert.com:443`. */
  id: string;
  kind: CheckKind;
  /** What was checked, as a person reads it: `api.digicert.com:443 (HTTPS)`. */
  target: string;
  /** 1-based line of the YAML file the check concerns. */
  line: number;
  status: CheckStatus;
  /** One sentence: the failing step and the likely cause, or what passed. */
  summary: string;
  steps: CheckStep[];
}

export interface PreflightCounts {
  pass: number;
  warn: number;
  fail: number;
  skipped: number;
}

export interface PreflightReport {
  file: string;
  durationMs: number;
  /** Where the checks ran: never the appliance. */
  ranFrom: string;
  checks: CheckResult[];
  counts: PreflightCounts;
}

/** Resolves a host name to addresses (the OS resolver, `--resolve` overrides, a test resolver). */
export interface Resolver {
  /** Addresses for `host` when connecting to `port`; rejects with a `DnsError` when the name does not resolve. */
  resolve(host: string, port: number, signal: AbortSignal): Promise<string[]>;
}

export class DnsError extends Error {
  constructor(
    readonly host: string,
    /** `ENOTFOUND`, `EAI_AGAIN`, ... */
    readonly code: string,
  ) {
    super(`${host}: ${code}`);
  }
}

/** Monotonic time for step timing, and the date for certificate validity. */
export interface Clock {
  now(): number;
  date(): Date;
}

/** What a check records its steps through (see steps.ts). */
export interface StepRunner {
  /**
   * Runs one network step under its own timeout and the run's cancel signal; records it. `work` returns the
   * value and the step's detail (and `warn` to mark a passed step as a warning); a thrown `StepFailure` fails
   * the step with its reason.
   */
  run<T>(name: string, work: (signal: AbortSignal) => Promise<StepDone<T>>): Promise<T>;
  /** Records a step that did not run, and why. */
  skip(name: string, detail: string): void;
  /** Records a step judged without the network (a document read, a reply analysed): it takes no time of its own. */
  record(name: string, status: CheckStatus, detail: string): void;
  readonly steps: readonly CheckStep[];
}

export interface StepDone<T> {
  value: T;
  detail: string;
  warn?: boolean;
}

/** An open byte stream towards a target, and how it was reached (for the report). */
export interface Connection {
  socket: Socket;
  /** `127.0.0.1:8443`, or `proxy 127.0.0.1:3128`. */
  via: string;
  /** Whether the bytes go through an HTTP proxy's CONNECT tunnel (or, for plain HTTP, to the proxy itself). */
  proxied: boolean;
  /** For plain HTTP through a proxy: requests go to the proxy in absolute form. */
  proxyForHttp?: boolean;
}

/**
 * Opens every connection of every check: applies `--connect-to`, `--resolve` (through the resolver), and the
 * proxy settings, and records the `dns`, `tcp` and `proxy` steps.
 */
export interface Connector {
  open(target: { host: string; port: number; protocol: 'tls' | 'plain-http' | 'tcp' }, steps: StepRunner): Promise<Connection>;
}

/** The certificate authorities a TLS step trusts: one context per run. */
export interface TrustStore {
  secureContext: SecureContext;
  /**
   * The same authorities with TLS 1.0 to 1.2 only, as the appliance negotiates (the mail server checks). Node
   * applies version limits from the context, not from `tls.connect`'s options, hence a context of its own.
   */
  applianceContext(): SecureContext;
  /** Where the authorities came from, for the report: `Node's bundled list, /etc/ssl/certs/..., --ca test-ca.pem`. */
  sources: string[];
}

/** Everything a check may use. Injected, so `--resolve`, `--connect-to`, proxies and tests need no special paths. */
export interface Ports {
  connector: Connector;
  trust: TrustStore;
  clock: Clock;
}
