/**
 * The preflight plan: which hosts a configuration needs to reach, read from the document alone. Pure data, no
 * network: the engine in `server/src/preflight/` probes the plan, the firewall ticket prints it.
 *
 * Two sources, merged by host, port and protocol:
 * - every `firewall.allowlist` entry, as written (a wildcard is probed on a documented representative name);
 * - the hosts the file implies: the Cloud Platform hosts of the region (seed 000), the DigiCert hosts of
 *   individual identity proofing (seed 002), the identity provider's metadata URL (seed 000: the appliance polls
 *   it), and the mail server (seed 004; Exchange Online and its token endpoint for `mode: oauth2`).
 */
import { isScalar } from 'yaml';
import type { ConfigDocument, Path } from '../document';
import { Model } from '../model';
import { DIGICERT_HOSTS, OCSP_TEST_HOST, cloudPlatformHosts } from '../domain/regions';
import { environmentOf, parseHost, regionState, usableTenant } from '../domain/hosts';
import { dnsNameProblem, hasEnvReference, hasPlaceholder } from '../values';

/** The vendor guides the requirements come from (the project's seeds), as a ticket cites them. */
export const SEEDS = {
  cloud: { id: '000', title: 'Mobile EPCS – Secure Connection To Imprivata Cloud Platform' },
  proofing: { id: '002', title: 'Set Up Enterprise (individual identity proofing with DigiCert)' },
  mail: { id: '004', title: 'Setting the Mail Server and Standard Messages' },
} as const;
export type SeedKey = keyof typeof SEEDS;

/**
 * Wildcards cannot be resolved: each is probed on one concrete name, and the report says which. The names are
 * ones the appliance really uses below the wildcard (domain facts §1.1 and §7: the exact S3 bucket host of the
 * DigiCert metadata is not published, `s3.amazonaws.com` is its documented stand-in).
 */
export const WILDCARD_REPRESENTATIVES: readonly { suffix: RegExp; representative: (match: RegExpExecArray) => string }[] = [
  { suffix: /^\*\.amazonaws\.com$/, representative: () => 's3.amazonaws.com' },
  { suffix: /^\*\.sys\.imprivata\.([a-z0-9.-]+)$/, representative: (m) => `astra.sys.imprivata.${m[1]}` },
  { suffix: /^\*\.app\.imprivata\.([a-z0-9.-]+)$/, representative: (m) => `idp.app.imprivata.${m[1]}` },
  { suffix: /^\*\.imprivata\.([a-z0-9.-]+)$/, representative: (m) => `access.imprivata.${m[1]}` },
  { suffix: /^\*\.digicert\.com$/, representative: () => 'api.digicert.com' },
];

/** `https`/`http`: an HTTP(S) request proves the host; `smtp`: DNS and TCP only (the mail dialogue is the SMTP check's). */
export type HostProtocol = 'https' | 'http' | 'smtp';

export interface HostNeed {
  feature: string;
  /** The vendor guide that requires it; absent for an entry no feature of the file explains. */
  seed?: SeedKey;
  why: string;
}

export interface HostTarget {
  /** The name written in the file or implied: a wildcard stays a wildcard here (the ticket shows it). */
  host: string;
  /** The concrete name probed: `host`, or the representative of a wildcard. */
  probe: string;
  port: number;
  protocol: HostProtocol;
  /** 1-based line the check concerns: the allowlist entry, else the setting that implies the host. */
  line: number;
  /** Whether the allowlist holds it (exactly or through a wildcard). */
  inAllowlist: boolean;
  /** `test-only`: needed by test enterprises only (`ocsptest.digicert.com`). */
  environment: 'production' | 'test-only';
  needs: HostNeed[];
}

/** An allowlist entry that cannot be probed, and why (never judged: no false alarms). */
export interface SkippedEntry {
  text: string;
  line: number;
  reason: string;
}

export interface HostPlan {
  targets: HostTarget[];
  skipped: SkippedEntry[];
  /** `enterprise.environment` (default production), when known. */
  environment?: string;
}

const EXCHANGE_ONLINE = { host: 'smtp.office365.com', port: 587 };
const ENTRA_TOKEN_HOST = 'login.microsoftonline.com';
const DEFAULT_SMTP_PORT = 587;

export function planHosts(doc: ConfigDocument): HostPlan {
  const model = new Model(doc);
  const targets: HostTarget[] = [];
  const skipped: SkippedEntry[] = [];
  const lineOf = (path: Path): number | undefined => (doc.has(path) ? doc.lines.position(doc.reportSpan(path).start).line + 1 : undefined);
  const { environment } = environmentOf(doc);

  const add = (target: Omit<HostTarget, 'needs' | 'inAllowlist'> & { need?: HostNeed; inAllowlist?: boolean }): void => {
    const key = (t: { probe: string; port: number; protocol: string }) => `${t.probe}\u0000${t.port}\u0000${t.protocol}`;
    const existing = targets.find((t) => key(t) === key(target));
    if (existing) {
      if (target.need && !existing.needs.some((n) => n.why === target.need?.why)) existing.needs.push(target.need);
      return;
    }
    const { need, inAllowlist, ...rest } = target;
    targets.push({ ...rest, inAllowlist: inAllowlist ?? false, needs: need ? [need] : [] });
  };

  // 1. The allowlist, as written.
  const allowlist: { host: string; port: number; protocol: HostProtocol; line: number }[] = [];
  model.allowlist.forEach((entry) => {
    const line = doc.lines.position(entry.hostSpan.start).line + 1;
    const text = entry.host;
    if (text === undefined) return;
    if (hasEnvReference(text)) {
      skipped.push({ text, line, reason: 'the host is an `${env:...}` reference, known only where the file is deployed' });
      return;
    }
    if (hasPlaceholder(text)) {
      skipped.push({ text, line, reason: 'the host still holds a `<...>` placeholder (IMP-HOST-002)' });
      return;
    }
    const parsed = parseHost(text);
    const host = parsed.normalized;
    if (dnsNameProblem(host, true) !== undefined) {
      skipped.push({ text, line, reason: 'the host is not a valid host name (IMP-HOST-005)' });
      return;
    }
    const protocol: HostProtocol = (entry.protocol ?? parsed.scheme) === 'http' ? 'http' : 'https';
    const port = entry.port ?? (parsed.port ? Number(parsed.port) : protocol === 'http' ? 80 : 443);
    allowlist.push({ host, port, protocol, line });
  });

  // 2. What the file implies, with the reason each host is needed.
  const implied: { host: string; port: number; protocol: HostProtocol; line: number; need: HostNeed; environment?: 'test-only' }[] = [];
  const cloudLine = lineOf(['cloudPlatform']);
  const region = regionState(doc, model);
  if (cloudLine !== undefined && (region.kind === 'known' || region.kind === 'default')) {
    const tenant = usableTenant(model);
    cloudPlatformHosts(tenant ?? '', region.suffix).forEach((host, index) => {
      if (index === 0 && tenant === undefined) return;
      implied.push({
        host,
        port: 443,
        protocol: 'https',
        line: cloudLine,
        need: {
          feature: 'Imprivata Cloud Platform (Cloud Connect, Access Management, Mobile EPCS)',
          seed: 'cloud',
          why: index === 0 ? 'the tenant host of `enterprise.tenantId`' : 'Imprivata Cloud Platform host of the region',
        },
      });
    });
  }
  const proofingLine = lineOf(['identityProofing', 'mode']);
  if (model.individualProofing && proofingLine !== undefined) {
    for (const d of DIGICERT_HOSTS) {
      implied.push({
        host: d.host,
        port: d.port,
        protocol: d.protocol,
        line: proofingLine,
        need: { feature: 'Individual identity proofing (DigiCert)', seed: 'proofing', why: d.why },
      });
    }
    if (environment === 'test') {
      implied.push({
        host: OCSP_TEST_HOST.host,
        port: OCSP_TEST_HOST.port,
        protocol: OCSP_TEST_HOST.protocol,
        line: proofingLine,
        need: { feature: 'Individual identity proofing (DigiCert)', seed: 'proofing', why: OCSP_TEST_HOST.why },
        environment: 'test-only',
      });
    }
  }
  const metadataUrl = stringAt(doc, ['identityProvider', 'metadataUrl']);
  const metadataLine = lineOf(['identityProvider', 'metadataUrl']);
  if (metadataUrl && metadataLine !== undefined) {
    const url = httpUrl(metadataUrl);
    if (url) {
      implied.push({
        host: url.host,
        port: url.port,
        protocol: url.protocol,
        line: metadataLine,
        need: {
          feature: 'Identity provider (administrator sign-in)',
          seed: 'cloud',
          why: 'the SAML metadata URL, which the appliance polls for certificate changes',
        },
      });
    }
  }
  const mode = model.smtpMode;
  if (mode === 'basic') {
    const server = stringAt(doc, ['smtp', 'server'])?.trim().toLowerCase();
    const serverLine = lineOf(['smtp', 'server']);
    const portValue = doc.value(['smtp', 'port']);
    const port = portValue === undefined ? DEFAULT_SMTP_PORT : typeof portValue === 'number' ? portValue : undefined;
    if (server && serverLine !== undefined && port !== undefined && dnsNameProblem(server) === undefined) {
      implied.push({
        host: server,
        port,
        protocol: 'smtp',
        line: serverLine,
        need: { feature: 'Mail server (notifications)', seed: 'mail', why: 'the SMTP server of `smtp.server`' },
      });
    }
  } else if (mode === 'oauth2') {
    const modeLine = lineOf(['smtp', 'mode']);
    if (modeLine !== undefined) {
      implied.push({
        host: EXCHANGE_ONLINE.host,
        port: EXCHANGE_ONLINE.port,
        protocol: 'smtp',
        line: modeLine,
        need: { feature: 'Mail server (notifications)', seed: 'mail', why: 'Exchange Online SMTP submission (STARTTLS)' },
      });
      implied.push({
        host: ENTRA_TOKEN_HOST,
        port: 443,
        protocol: 'https',
        line: lineOf(['smtp', 'tenantId']) ?? modeLine,
        need: { feature: 'Mail server (notifications)', seed: 'mail', why: 'the Microsoft Entra token endpoint of SMTP OAuth2' },
      });
    }
  }

  // 3. Merge: an allowlist entry carries the reasons of the implied hosts it lets through.
  for (const entry of allowlist) {
    const probe = entry.host.startsWith('*.') ? representativeOf(entry.host, implied) : entry.host;
    if (probe === undefined) {
      skipped.push({
        text: entry.host,
        line: entry.line,
        reason: 'a wildcard with no documented representative name: list the concrete host names to check them',
      });
      continue;
    }
    const covered = implied.filter((i) => covers(entry.host, i.host) && i.port === entry.port && i.protocol === entry.protocol);
    const needs = covered.map((c) => c.need);
    const digicert = [...DIGICERT_HOSTS, OCSP_TEST_HOST].find((d) => d.host === entry.host);
    if (needs.length === 0 && digicert)
      needs.push({ feature: 'Individual identity proofing (DigiCert)', seed: 'proofing', why: digicert.why });
    const testOnly = entry.host === OCSP_TEST_HOST.host || covered.some((c) => c.environment === 'test-only');
    for (const need of needs.length ? needs : [undefined]) {
      add({
        host: entry.host,
        probe,
        port: entry.port,
        protocol: entry.protocol,
        line: entry.line,
        inAllowlist: true,
        environment: testOnly ? 'test-only' : 'production',
        need,
      });
    }
  }
  for (const i of implied) {
    const listed = allowlist.some((a) => covers(a.host, i.host) && a.port === i.port && a.protocol === i.protocol);
    if (listed) continue;
    const probe = i.host.startsWith('*.') ? representativeOf(i.host) : i.host;
    if (probe === undefined) continue;
    add({
      host: i.host,
      probe,
      port: i.port,
      protocol: i.protocol,
      line: i.line,
      inAllowlist: false,
      environment: i.environment ?? 'production',
      need: i.need,
    });
  }
  return { targets, skipped, environment };
}

/** Whether an allowlist host (possibly a leading wildcard) lets `host` through. */
export function covers(entry: string, host: string): boolean {
  return entry === host || (entry.startsWith('*.') && host.endsWith(entry.slice(1)));
}

/** The concrete name a wildcard is probed on: the documented one, else an implied host below it. */
export function representativeOf(wildcard: string, implied: readonly { host: string }[] = []): string | undefined {
  for (const { suffix, representative } of WILDCARD_REPRESENTATIVES) {
    const match = suffix.exec(wildcard);
    if (match) return representative(match);
  }
  return implied.find((i) => !i.host.startsWith('*.') && covers(wildcard, i.host))?.host;
}

function stringAt(doc: ConfigDocument, path: Path): string | undefined {
  const node = doc.node(path);
  if (!isScalar(node) || typeof node.value !== 'string' || hasEnvReference(node.value) || hasPlaceholder(node.value)) return undefined;
  return node.value.trim();
}

function httpUrl(raw: string): { host: string; port: number; protocol: 'https' | 'http' } | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  const host = url.hostname.toLowerCase();
  if (dnsNameProblem(host) !== undefined) return undefined;
  return { host, port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80, protocol };
}
