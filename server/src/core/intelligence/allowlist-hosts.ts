/**
 * The hosts an allowlist should hold, as completion offers them and hover explains them: the six Imprivata Cloud
 * Platform hosts with this file's tenant ID and region suffix, the DigiCert hosts when proofing is individual
 * (ocsptest too in a test enterprise), each with what it is for and its documented port and protocol. Which of them
 * are missing is the host rules' own analysis (rules/hosts/common.ts), read, not repeated. Pure.
 */
import type { ConfigDocument } from '../document';
import { Model } from '../model';
import { DIGICERT_HOSTS, OCSP_TEST_HOST } from '../regions';
import type { HostRequirement } from '../regions';
import { DEFAULT_PORT, DEFAULT_PROTOCOL, claimedHosts, covers, environmentOf, hostAnalysis } from '../rules/hosts/common';
import type { CloudRole, HostAnalysis } from '../rules/hosts/common';
import type { FileReader, RuleContext } from '../rules/rule';

export interface HostCandidate {
  host: string;
  port: number;
  protocol: 'https' | 'http';
  /** What the host is for, in the guides' words. */
  purpose: string;
  /** Where the requirement comes from: the rule that reports it missing. */
  rule: 'IMP-HOST-001' | 'IMP-HOST-008' | 'IMP-HOST-009';
  /** Written in the allowlist (by name, or covered by a wildcard on its port and protocol). */
  listed: boolean;
  /** Reported missing by its rule (an entry the rules read as a variant of it, such as a misspelling, counts). */
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

/** The rule context the host analysis reads: only the document and its model, nothing reported. */
const NO_FILES: FileReader = { stat: () => undefined, readHeader: () => undefined };
const models = new WeakMap<ConfigDocument, Model>();

export function modelOf(doc: ConfigDocument): Model {
  let model = models.get(doc);
  if (!model) {
    model = new Model(doc);
    models.set(doc, model);
  }
  return model;
}

export function analysisOf(doc: ConfigDocument): HostAnalysis {
  const context: RuleContext = { doc, model: modelOf(doc), files: NO_FILES, workspace: [], report: () => undefined };
  return hostAnalysis(context);
}

/** The hosts this file needs, in the guides' order, each marked listed or missing. */
export function hostCandidates(doc: ConfigDocument): HostCandidate[] {
  const analysis = analysisOf(doc);
  const model = modelOf(doc);
  const required: Omit<HostCandidate, 'listed' | 'missing'>[] = analysis.cloudHosts.map(({ role, host }) => ({
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
  const targets = required.map((r) => r.host);
  const claimed = claimedHosts(analysis, targets, (target) => documentedPairOf(target));
  return required.map((r) => ({ ...r, listed: isListed(analysis, r), missing: !claimed.has(r.host) }));
}

/** Whether an entry names the host, or a wildcard lets it through on its documented port and protocol. */
function isListed(analysis: HostAnalysis, candidate: { host: string; port: number; protocol: string }): boolean {
  for (const { host } of analysis.entries) {
    const h = host.parsed.normalized;
    if (h === candidate.host) return true;
    if (h !== candidate.host && covers(h, candidate.host) && host.port === candidate.port && host.protocol === candidate.protocol)
      return true;
  }
  return false;
}

/** Whether the allowlist already lets `host` through on its documented port and protocol (HTTPS on 443 by default). */
export function isHostListed(doc: ConfigDocument, host: string): boolean {
  const pair = documentedPairOf(host) ?? { port: DEFAULT_PORT, protocol: DEFAULT_PROTOCOL };
  return isListed(analysisOf(doc), { host, ...pair });
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
  const analysis = analysisOf(doc);
  const entry = analysis.entries.find((e) => e.host.entry.index === index);
  if (!entry) return undefined;
  const h = entry.host.parsed.normalized;
  const facts: HostFacts = { host: h };
  const cloud = analysis.cloudHosts.find((c) => c.host === h);
  const digicert: HostRequirement | undefined = [...DIGICERT_HOSTS, OCSP_TEST_HOST].find((d) => d.host === h);
  if (cloud) facts.known = { purpose: CLOUD_PURPOSE[cloud.role], port: DEFAULT_PORT, protocol: DEFAULT_PROTOCOL, rule: 'IMP-HOST-001' };
  else if (digicert) {
    facts.known = {
      purpose: digicert.why,
      port: digicert.port,
      protocol: digicert.protocol,
      rule: h === OCSP_TEST_HOST.host ? 'IMP-HOST-009' : 'IMP-HOST-008',
    };
  }
  const c = entry.classification;
  switch (c.kind) {
    case 'ignored':
      facts.note = entry.host.env ? 'An `${env:}` reference: known only when the appliance reads it, so it is not judged here.' : undefined;
      break;
    case 'placeholder':
      facts.note = 'Still holds a `<...>` placeholder (IMP-HOST-002).';
      break;
    case 'typo':
      facts.note = `Looks like a misspelling of \`${c.suggestion}\` (IMP-HOST-006).`;
      break;
    case 'cloud': {
      const role = c.role ?? undefined;
      const parts: string[] = [];
      if (role) parts.push(`Shaped like ${CLOUD_PURPOSE[role]}.`);
      else parts.push('A wildcard over Imprivata Cloud Platform hosts.');
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
