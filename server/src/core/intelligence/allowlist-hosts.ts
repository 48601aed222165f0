/**
 * The hosts an allowlist should hold, as completion offers them and hover explains them: the six Imprivata Cloud
 * Platform hosts with this file's tenant ID and region suffix, the DigiCert hosts when proofing is individual
 * (ocsptest too in a test enterprise), each with what it is for and its documented port and protocol.
 *
 * Which of them are missing or listed, and what an entry is (a misspelling, another suffix, a placeholder), is the
 * host rules' own analysis, read, not repeated: the snapshot's host tallies (domain/host-tallies.ts: per required
 * host, how many entries stand for it and how many list it, kept incrementally from snapshot to snapshot) and the
 * entry's own reading (hostItemAt). So a completion costs one lookup per candidate and a hover one entry, whatever
 * the length of the list. Pure.
 */
import type { ConfigDocument } from '../document';
import { withoutInvisible } from '../invisible';
import { modelOf } from '../model';
import { DIGICERT_HOSTS, OCSP_TEST_HOST } from '../domain/regions';
import { hostTallies } from '../domain/host-tallies';
import type { ClaimGroup } from '../domain/host-tallies';
import { DEFAULT_PORT, DEFAULT_PROTOCOL, covers, environmentOf, hostContext, hostItemAt, parseHost } from '../domain/hosts';
import type { CloudRole, HostContext, HostItem } from '../domain/hosts';

export interface HostCandidate {
  host: string;
  port: number;
  protocol: 'https' | 'http';
  /** What the host is for, in the guides' words. */
  purpose: string;
  /** The rule that reports it missing. */
  rule: 'IMP-HOST-001' | 'IMP-HOST-008' | 'IMP-HOST-009';
  /** Written in the allowlist (by name, or covered by a wildcard on its port and protocol). */
  listed: boolean;
  /**
   * Reported missing by its rule: not listed, not stood for by an entry the rules read as a variant of it (a
   * misspelling), and its rule applies (the cloud hosts while `cloudPlatform` is configured).
   */
  missing: boolean;
}

const CLOUD_PURPOSE: Readonly<Record<CloudRole, string>> = {
  tenant: "your tenant's own host on the Imprivata Cloud Platform (`<tenantID>.sys`)",
  astra: 'an Imprivata Cloud Platform host (`astra.sys`)',
  access: 'the Imprivata Access Management portal, also the Sign on URL given to the identity provider',
  metadata: 'an Imprivata Cloud Platform host (`metadata.app`)',
  'file-access': 'an Imprivata Cloud Platform host (`file-access.app`)',
  idp: 'an Imprivata Cloud Platform host (`idp.app`)',
};

/** The tallies' group of each rule that reports a required host missing. */
const GROUP_OF_RULE: Readonly<Record<HostCandidate['rule'], ClaimGroup>> = {
  'IMP-HOST-001': 'cloud',
  'IMP-HOST-008': 'digicert',
  'IMP-HOST-009': 'ocsp',
};

const candidatesCache = new WeakMap<ConfigDocument, HostCandidate[]>();

/** The tenant, region, suffix and known hosts of a file, without reading its allowlist (as the host rules read them). */
export function analysisOf(doc: ConfigDocument): HostContext {
  return hostContext(modelOf(doc));
}

/** The hosts this file needs, in the guides' order, each marked listed or missing. */
export function hostCandidates(doc: ConfigDocument): HostCandidate[] {
  const cached = candidatesCache.get(doc);
  if (cached) return cached;
  const model = modelOf(doc);
  const context = hostContext(model);
  const required: Omit<HostCandidate, 'listed' | 'missing'>[] = context.cloudHosts.map(({ role, host }) => ({
    host,
    port: DEFAULT_PORT,
    protocol: DEFAULT_PROTOCOL === 'http' ? 'http' : 'https',
    purpose: CLOUD_PURPOSE[role],
    rule: 'IMP-HOST-001',
  }));
  if (model.individualProofing) {
    for (const d of DIGICERT_HOSTS) required.push({ ...d, purpose: d.why, rule: 'IMP-HOST-008' });
    if (environmentOf(doc).environment === 'test') required.push({ ...OCSP_TEST_HOST, purpose: OCSP_TEST_HOST.why, rule: 'IMP-HOST-009' });
  }
  // What the rules count, per required host: after an edit of one entry the tallies are the previous snapshot's,
  // updated by that entry (host-tallies.ts); only a snapshot nobody counted yet reads the whole list, once.
  const tallies = hostTallies(model);
  const candidates = required.map((r) => ({
    ...r,
    listed: tallies.listings(r.host) > 0,
    // As the rules see it: the cloud hosts are required while `cloudPlatform` is configured (IMP-HOST-001).
    missing: tallies.claims(GROUP_OF_RULE[r.rule], r.host) === 0 && (r.rule !== 'IMP-HOST-001' || model.cloudPlatformConfigured),
  }));
  candidatesCache.set(doc, candidates);
  return candidates;
}

/** `Astra.SYS.imprivata.com.` -> `astra.sys.imprivata.com`, as the rules compare hosts. */
export function normalized(host: string): string {
  const plain = host.trim().toLowerCase();
  if (/^[a-z0-9.-]+$/.test(plain)) return plain.endsWith('.') ? plain.slice(0, -1) : plain;
  return parseHost(withoutInvisible(host)).normalized;
}

/** Whether an entry names the host, or a wildcard lets it through on its documented port and protocol. */
function lists(item: HostItem, candidate: { host: string; port: number; protocol: string }): boolean {
  const { host } = item;
  const h = host.parsed.normalized;
  return h === candidate.host || (covers(h, candidate.host) && host.port === candidate.port && host.protocol === candidate.protocol);
}

/** Whether the allowlist already lets `host` through on its documented port and protocol (HTTPS on 443 by default). */
export function isHostListed(doc: ConfigDocument, host: string): boolean {
  const model = modelOf(doc);
  // A known host (every host a snippet adds): counted with the tallies.
  if (hostContext(model).knownHosts.includes(host)) return hostTallies(model).listings(host) > 0;
  const pair = documentedPairOf(host) ?? { port: DEFAULT_PORT, protocol: DEFAULT_PROTOCOL };
  for (let index = 0; index < model.allowlistLength; index++) {
    const item = hostItemAt(model, index);
    if (item && lists(item, { host, ...pair })) return true;
  }
  return false;
}

function documentedPairOf(host: string): { port: number; protocol: string } | undefined {
  return [...DIGICERT_HOSTS, OCSP_TEST_HOST].find((d) => d.host === host);
}

/** What a host written in the allowlist is, for a hover. */
export interface HostFacts {
  /** The host as the rules read it (lower case, no scheme, port or path). */
  host: string;
  known?: { purpose: string; port: number; protocol: string; rule: string };
  /** The rules' reading of the entry, when it is not simply a known host. */
  note?: string;
}

export function hostFacts(doc: ConfigDocument, index: number): HostFacts | undefined {
  const model = modelOf(doc);
  // The entry as the rules read it, in the file's context: nothing else of the list is read.
  const read = hostItemAt(model, index);
  if (!read) return undefined;
  const analysis = hostContext(model);
  const h = read.host.parsed.normalized;
  const facts: HostFacts = { host: h };
  const cloud = analysis.cloudHosts.find((c) => c.host === h);
  const digicert = [...DIGICERT_HOSTS, OCSP_TEST_HOST].find((d) => d.host === h);
  if (cloud) facts.known = { purpose: CLOUD_PURPOSE[cloud.role], port: DEFAULT_PORT, protocol: DEFAULT_PROTOCOL, rule: 'IMP-HOST-001' };
  else if (digicert) {
    facts.known = {
      purpose: digicert.why,
      port: digicert.port,
      protocol: digicert.protocol,
      rule: h === OCSP_TEST_HOST.host ? 'IMP-HOST-009' : 'IMP-HOST-008',
    };
  }
  const c = read.classification;
  switch (c.kind) {
    case 'ignored':
      if (read.host.env) facts.note = 'An `${env:}` reference: known only when the appliance reads it, so it is not judged here.';
      break;
    case 'placeholder':
      facts.note = 'Still holds a `<...>` placeholder (IMP-HOST-002).';
      break;
    case 'typo':
      facts.note = `Looks like a misspelling of \`${c.suggestion}\` (IMP-HOST-006).`;
      break;
    case 'cloud': {
      const parts = [c.role ? `Shaped like ${CLOUD_PURPOSE[c.role]}.` : 'A wildcard over Imprivata Cloud Platform hosts.'];
      if (c.wrongSuffix && analysis.suffix)
        parts.push(`Its suffix \`.${c.suffix}\` is not the region's \`.${analysis.suffix}\` (IMP-HOST-004).`);
      if (c.wrongTenant && analysis.tenant) parts.push(`Its first label is not the tenant ID \`${analysis.tenant}\` (IMP-HOST-003).`);
      if (c.astraTypo) parts.push('Looks like a misspelling of `astra` (IMP-HOST-006).');
      facts.note = parts.join(' ');
      break;
    }
    case 'other':
      if (!facts.known) {
        const covered = [...analysis.cloudHosts.map((x) => x.host), ...DIGICERT_HOSTS.map((d) => d.host)].filter(
          (t) => t !== h && covers(h, t),
        );
        facts.note = covered.length
          ? `A wildcard: it lets through ${covered.map((t) => `\`${t}\``).join(', ')}.`
          : 'Not one of the hosts the Imprivata guides list; the checks only verify that it is a valid host name.';
      }
      break;
    default:
      break;
  }
  return facts;
}
