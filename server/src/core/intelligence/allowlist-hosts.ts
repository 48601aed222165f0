/**
 * The hosts an allowlist should hold, as completion offers them and hover explains them: the six Imprivata Cloud
 * Platform hosts with this file's tenant ID and region suffix, the DigiCert hosts when proofing is individual
 * (ocsptest too in a test enterprise), each with what it is for and its documented port and protocol.
 *
 * Which of them are missing, and what an entry is (a misspelling, another suffix, a placeholder), is the host
 * rules' own analysis (rules/hosts/common.ts), read, not repeated. That analysis reads every entry (with a
 * misspelling check against each known host): 0.3 to 0.7 s on a 1 MB allowlist, too slow for a keystroke. An
 * entry's reading depends only on the entry and the file's tenant, region and environment, so here it runs on a
 * small document holding those and only the entries that can be more than "another host": wildcards, placeholders,
 * Imprivata-shaped names, `${env:}` references, and names close enough to a known host to be a misspelling of it
 * (the classification's cheap pre-test, `mayBeMisspelling`). Same answers, in milliseconds. Pure.
 */
import { isScalar } from 'yaml';
import { ConfigDocument } from '../document';
import type { Path } from '../document';
import { withoutInvisible } from '../invisible';
import { modelOf } from '../model';
import type { AllowlistEntry } from '../model';
import { DIGICERT_HOSTS, OCSP_TEST_HOST } from '../domain/regions';
import {
  DEFAULT_PORT,
  DEFAULT_PROTOCOL,
  claimedHosts,
  covers,
  environmentOf,
  hostAnalysis,
  mayBeMisspelling,
  parseHost,
} from '../domain/hosts';
import type { CloudRole, HostAnalysis } from '../domain/hosts';

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

const candidatesCache = new WeakMap<ConfigDocument, HostCandidate[]>();
const contexts = new WeakMap<ConfigDocument, HostAnalysis>();

function analyze(doc: ConfigDocument): HostAnalysis {
  return hostAnalysis(modelOf(doc));
}

/** The tenant, region, suffix and known hosts of a file, without reading its allowlist. */
export function analysisOf(doc: ConfigDocument): HostAnalysis {
  let context = contexts.get(doc);
  if (!context) {
    context = analyze(new ConfigDocument(contextYaml(doc)));
    contexts.set(doc, context);
  }
  return context;
}

/** The host analysis of some entries of `doc`, in the file's context. */
function analysisOfEntries(doc: ConfigDocument, entries: readonly AllowlistEntry[]): HostAnalysis {
  const items = entries.map((entry) => entryYaml(doc, entry)).filter((item): item is string => item !== undefined);
  return analyze(new ConfigDocument(`${contextYaml(doc)}firewall:\n  allowlist:\n${items.join('')}`));
}

/** What the host analysis reads besides the allowlist, as YAML with the same values (quoted as JSON). */
function contextYaml(doc: ConfigDocument): string {
  const lines: string[] = ['enterprise:'];
  for (const key of ['region', 'tenantId', 'environment']) {
    if (doc.has(['enterprise', key])) lines.push(`  ${key}: ${json(doc, ['enterprise', key])}`);
  }
  if (doc.has(['identityProofing', 'mode'])) lines.push('identityProofing:', `  mode: ${json(doc, ['identityProofing', 'mode'])}`);
  return lines.join('\n') + '\n';
}

function json(doc: ConfigDocument, path: Path): string {
  const node = doc.node(path);
  // A list or mapping where a scalar belongs reads as absent here (the rules report its type); never toJSON, which
  // stringifies collection keys in time exponential in their nesting.
  const value = isScalar(node) ? node.value : null;
  return JSON.stringify(value === undefined ? null : value);
}

/** One entry as an allowlist item: its host, and its port and protocol keys as written. Undefined: not text. */
function entryYaml(doc: ConfigDocument, entry: AllowlistEntry): string | undefined {
  const base: Path = ['firewall', 'allowlist', entry.index];
  const host = doc.node(entry.form === 'map' ? [...base, 'host'] : base);
  if (!isScalar(host) || typeof host.value !== 'string') return undefined;
  if (entry.form === 'scalar') return `    - ${JSON.stringify(host.value)}\n`;
  let item = `    - host: ${JSON.stringify(host.value)}\n`;
  for (const key of ['port', 'protocol']) if (doc.has([...base, key])) item += `      ${key}: ${json(doc, [...base, key])}\n`;
  return item;
}

/** The hosts this file needs, in the guides' order, each marked listed or missing. */
export function hostCandidates(doc: ConfigDocument): HostCandidate[] {
  const cached = candidatesCache.get(doc);
  if (cached) return cached;
  const context = analysisOf(doc);
  const required: Omit<HostCandidate, 'listed' | 'missing'>[] = context.cloudHosts.map(({ role, host }) => ({
    host,
    port: DEFAULT_PORT,
    protocol: DEFAULT_PROTOCOL === 'http' ? 'http' : 'https',
    purpose: CLOUD_PURPOSE[role],
    rule: 'IMP-HOST-001',
  }));
  const model = modelOf(doc);
  if (model.individualProofing) {
    for (const d of DIGICERT_HOSTS) required.push({ ...d, purpose: d.why, rule: 'IMP-HOST-008' });
    if (environmentOf(doc).environment === 'test') required.push({ ...OCSP_TEST_HOST, purpose: OCSP_TEST_HOST.why, rule: 'IMP-HOST-009' });
  }
  // Entries naming a required host exactly count as listed; the others that can be more than "another host" are
  // analyzed. What each entry is, is looked up by what it says (kept from the previous snapshots): after an edit
  // only the new entries are read, the rest of a long list is one pass of lookups.
  const requiredHosts = new Set(required.map((r) => r.host));
  const named = new Set<string>();
  const relevant: AllowlistEntry[] = [];
  const readings = entryReadingsFor(context.knownHosts, model.allowlist.length);
  for (const entry of model.allowlist) {
    if (entry.host === undefined) continue;
    let reading = readings.get(entry.host);
    if (!reading) {
      const host = normalized(entry.host);
      reading = { host, relevant: mayBeRead(host, context.knownHosts) };
      readings.set(entry.host, reading);
    }
    if (requiredHosts.has(reading.host)) named.add(reading.host);
    if (reading.relevant) relevant.push(entry);
  }
  const subset = analysisOfEntries(doc, relevant);
  const claimed = claimedHosts(
    subset,
    required.map((r) => r.host),
    (target) => documentedPairOf(target),
  );
  const candidates = required.map((r) => ({
    ...r,
    listed: named.has(r.host) || isListed(subset, r),
    // As the rules see it: the cloud hosts are required while `cloudPlatform` is configured (IMP-HOST-001).
    missing: !named.has(r.host) && !claimed.has(r.host) && (r.rule !== 'IMP-HOST-001' || model.cloudPlatformConfigured),
  }));
  candidatesCache.set(doc, candidates);
  return candidates;
}

/** What an entry's host text is, for completion: its normalized host, and whether the host rules may read it as more. */
interface EntryReading {
  host: string;
  relevant: boolean;
}

/**
 * The readings by host text, for the known hosts they were made against (shared by every file and snapshot), and
 * the longest allowlist read recently.
 */
let entryReadings = { known: '', largest: 0, byText: new Map<string, EntryReading>() };

/**
 * The readings for these known hosts; started afresh for others, or once texts typed and gone pile up past twice
 * the longest recent list (a floor for short ones), so that a small file never evicts a large file's readings.
 */
function entryReadingsFor(knownHosts: readonly string[], entries: number): Map<string, EntryReading> {
  const known = knownHosts.join('\n');
  const largest = Math.max(entryReadings.largest, entries);
  if (entryReadings.known !== known || entryReadings.byText.size > 2 * largest + 1000) {
    entryReadings = { known, largest: entries, byText: new Map() };
  } else {
    entryReadings.largest = largest;
  }
  return entryReadings.byText;
}

/** `Astra.SYS.imprivata.com.` -> `astra.sys.imprivata.com`, as the rules compare hosts. */
export function normalized(host: string): string {
  const plain = host.trim().toLowerCase();
  if (/^[a-z0-9.-]+$/.test(plain)) return plain.endsWith('.') ? plain.slice(0, -1) : plain;
  return parseHost(withoutInvisible(host)).normalized;
}

/**
 * Whether the host rules can read an entry as more than "another host" (or as a wildcard that lets a host
 * through): then its reading is asked of them. A misspelling must pass the classification's own pre-test.
 */
function mayBeRead(host: string, known: readonly string[]): boolean {
  if (host.startsWith('*.') || host.includes('<') || host.includes('imprivata') || host.includes('${') || !/^[\x20-\x7e]*$/.test(host)) {
    return true;
  }
  return mayBeMisspelling(host, known);
}

/** Whether an entry names the host, or a wildcard lets it through on its documented port and protocol. */
function isListed(analysis: HostAnalysis, candidate: { host: string; port: number; protocol: string }): boolean {
  for (const { host } of analysis.entries) {
    const h = host.parsed.normalized;
    if (h === candidate.host) return true;
    if (covers(h, candidate.host) && host.port === candidate.port && host.protocol === candidate.protocol) return true;
  }
  return false;
}

/** Whether the allowlist already lets `host` through on its documented port and protocol (HTTPS on 443 by default). */
export function isHostListed(doc: ConfigDocument, host: string): boolean {
  const known = hostCandidates(doc).find((c) => c.host === host);
  if (known) return known.listed;
  const pair = documentedPairOf(host) ?? { port: DEFAULT_PORT, protocol: DEFAULT_PROTOCOL };
  const entries = modelOf(doc).allowlist.filter(
    (e) => e.host !== undefined && (normalized(e.host) === host || normalized(e.host).startsWith('*.')),
  );
  return isListed(analysisOfEntries(doc, entries), { host, ...pair });
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
  const entry = modelOf(doc).allowlist.find((e) => e.index === index);
  if (!entry) return undefined;
  const analysis = analysisOfEntries(doc, [entry]);
  const read = analysis.entries[0];
  if (!read) return undefined;
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
