/**
 * Domain knowledge about the firewall allowlist, for rules, completion, hover and preflight: the cloud roles, the
 * entries read once (host, scheme, port, path), the region and tenant they are judged against, and the allowlist entries read once (host, scheme, port, path), the region and
 * tenant they are judged against, and one classification of every entry, so that each problem has exactly
 * one owner (IMP-HOST-002 placeholders, -003 tenant label, -004 suffix, -006 misspellings) and IMP-HOST-001
 * / -008 count an entry that another rule already reports as "present" instead of reporting it missing too.
 */
import { isScalar, isSeq } from 'yaml';
import type { ConfigDocument } from '../document';
import { readKey } from '../document';
import { withoutInvisible } from '../invisible';
import { memoPerObject } from '../memo';
import type { AllowlistEntry, Model } from '../model';
import { schemaAt } from '../schema';
import type { Span } from '../types';
import { closest, dnsNameProblem, editDistance, hasEnvReference, hasPlaceholder, isIpAddress } from '../values';
import type { HostRequirement } from './regions';
import {
  CLOUD_PLATFORM_HOSTS,
  DIGICERT_HOSTS,
  IMPRIVATA_DOMAIN,
  OCSP_TEST_HOST,
  REGION_SUFFIX,
  cloudPlatformHosts,
  imprivataSuffix,
  isCloudPlatformHost,
} from './regions';

/** The six cloud platform hosts by role, in the order of CLOUD_PLATFORM_HOSTS. */
export const CLOUD_ROLES = ['tenant', 'astra', 'access', 'metadata', 'file-access', 'idp'] as const;
export type CloudRole = (typeof CLOUD_ROLES)[number];

const DOMAIN_TAIL = `.${IMPRIVATA_DOMAIN}.{sfx}`;
/** `{tenant}.sys`, `astra.sys`, `access`, ...: the part of each cloud host before `.imprivata.<suffix>`. */
const ROLE_PREFIXES: readonly string[] = CLOUD_PLATFORM_HOSTS.map((h) => h.slice(0, h.length - DOMAIN_TAIL.length));
const TENANT_PREFIX = /^([^.]+)\.(.+)$/.exec(ROLE_PREFIXES[0]);
/** `sys` of `{tenant}.sys`: the parent under which the tenant label sits. */
const TENANT_PARENT = TENANT_PREFIX ? TENANT_PREFIX[2] : 'sys';
/** Parents a region-bound leading wildcard may stand for: `*.sys.imprivata.eu`, `*.app.imprivata.eu`. */
const WILDCARD_PARENTS = new Set(ROLE_PREFIXES.map((p) => p.split('.').slice(1).join('.')).filter((p) => p.length > 0));

export const DEFAULT_PORT = numberDefault(['firewall', 'allowlist', 0, 'port'], 443);
export const DEFAULT_PROTOCOL = stringDefault(['firewall', 'allowlist', 0, 'protocol'], 'https');

function numberDefault(path: (string | number)[], fallback: number): number {
  const value = schemaAt(path)?.default;
  return typeof value === 'number' ? value : fallback;
}

export function stringDefault(path: (string | number)[], fallback: string): string {
  const value = schemaAt(path)?.default;
  return typeof value === 'string' ? value : fallback;
}

/** A host string taken apart: `https://astra.sys.imprivata.com:443/path`. Offsets are into `raw`. */
export interface ParsedHost {
  raw: string;
  scheme?: string;
  /** The host part as written, without scheme, port or path. */
  host: string;
  hostStart: number;
  hostEnd: number;
  /** Digits after `:` (possibly empty), when the string carries a port. */
  port?: string;
  /** From the first `/`, `?` or `#` after the host to the end. */
  path?: string;
  /** The host in lower case without a trailing dot: what comparisons use. */
  normalized: string;
}

export function parseHost(raw: string): ParsedHost {
  let start = 0;
  let end = raw.length;
  while (start < end && /\s/.test(raw[start])) start++;
  while (end > start && /\s/.test(raw[end - 1])) end--;
  let pos = start;
  let scheme: string | undefined;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(raw.slice(start, end));
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    pos += schemeMatch[0].length;
  }
  const rest = raw.slice(pos, end);
  const pathAt = rest.search(/[/?#]/);
  const authority = pathAt === -1 ? rest : rest.slice(0, pathAt);
  const path = pathAt === -1 ? undefined : rest.slice(pathAt);
  const portMatch = /^(.*):(\d*)$/.exec(authority);
  const host = portMatch ? portMatch[1] : authority;
  const port = portMatch ? portMatch[2] : undefined;
  return { raw, scheme, host, hostStart: pos, hostEnd: pos + host.length, port, path, normalized: normalizeHost(host) };
}

/** By parsed host: its name's problem, or null for none (no wrapper object: one per entry of a 20,000-host list). */
const nameProblems = new WeakMap<ParsedHost, string | null>();

/**
 * What is wrong with a parsed host's name as a DNS name (an IP address is fine), or undefined. Kept with the parsed
 * host, which the host analysis shares across snapshots: an edit of one host checks that host's name only.
 */
export function hostNameProblem(parsed: ParsedHost): string | undefined {
  let known = nameProblems.get(parsed);
  if (known === undefined) {
    // The name first: most hosts are names, and the IPv6 pattern is the slower test (8 ms of a 20,000-host list's
    // first analysis). A name with a problem may still be an IP address (an IPv6 one has colons).
    const problem = dnsNameProblem(parsed.host, true);
    known = problem === undefined || isIpAddress(parsed.host.endsWith('.') ? parsed.host.slice(0, -1) : parsed.host) ? null : problem;
    nameProblems.set(parsed, known);
  }
  return known ?? undefined;
}

export function normalizeHost(host: string): string {
  const lower = host.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Whether an allowlist host (possibly a leading wildcard) lets `target` through. A wildcard covers every name below it. */
export function covers(entryHost: string, target: string): boolean {
  if (entryHost === target) return true;
  if (!entryHost.startsWith('*.')) return false;
  return target.endsWith(entryHost.slice(1));
}

export type RegionState =
  | { kind: 'known'; region: string; suffix: string; span: Span }
  /** `enterprise.region` is absent: the schema's default region applies. */
  | { kind: 'default'; region: string; suffix: string }
  | { kind: 'unknown'; span: Span; shown: string }
  /** An `${env:}` reference: cannot be known offline. */
  | { kind: 'env' };

export function regionState(doc: ConfigDocument, model: Model): RegionState {
  const pair = doc.pair(['enterprise', 'region']);
  if (!pair) {
    const fallback = stringDefault(['enterprise', 'region'], 'us');
    const suffix = Object.prototype.hasOwnProperty.call(REGION_SUFFIX, fallback) ? REGION_SUFFIX[fallback] : undefined;
    return suffix ? { kind: 'default', region: fallback, suffix } : { kind: 'env' };
  }
  const span = doc.reportSpan(['enterprise', 'region']);
  const node = doc.node(['enterprise', 'region']);
  if (isScalar(node) && typeof node.value === 'string') {
    if (hasEnvReference(node.value)) return { kind: 'env' };
    const suffix = model.regionSuffix;
    if (suffix !== undefined && model.region !== undefined) return { kind: 'known', region: model.region, suffix, span };
    return { kind: 'unknown', span, shown: node.value.trim() === '' ? 'empty' : `\`${node.value.trim()}\`` };
  }
  if (isScalar(node)) {
    const value = node.value;
    return { kind: 'unknown', span, shown: value === null || value === undefined ? 'empty' : `\`${String(node.source ?? value)}\`` };
  }
  // A mapping or list where the region belongs: the schema leaves the region's type to IMP-HOST-004.
  return { kind: 'unknown', span, shown: isSeq(node) ? 'a list' : 'a mapping' };
}

/** The tenant ID in lower case when it is usable in a host name; undefined when unknown, a reference or a placeholder. */
export function usableTenant(model: Model): string | undefined {
  const tenant = model.tenantId;
  if (!tenant || hasEnvReference(tenant) || hasPlaceholder(tenant)) return undefined;
  if (tenant.includes('.') || dnsNameProblem(tenant) !== undefined) return undefined;
  return tenant.toLowerCase();
}

/** One allowlist entry whose host is a string, taken apart. */
export interface HostEntry {
  entry: AllowlistEntry;
  value: string;
  parsed: ParsedHost;
  /** Runtime value: rules stay silent. */
  env: boolean;
  placeholder: boolean;
  /** Effective port and protocol (explicit keys, then the URL, then the schema defaults); undefined when a key is unreadable. */
  port?: number;
  protocol?: string;
  /**
   * What makes two entries the same rule for the firewall (host, port, protocol: IMP-HOST-007's duplicates), made
   * once with the reading; undefined when not judged (a reference, an empty host, an unreadable port or protocol).
   */
  sameness?: string;
}

export type Classification =
  /** An `${env:}` reference or an empty host: nobody judges it. */
  | { kind: 'ignored' }
  /** A `<...>` placeholder (IMP-HOST-002); role when the rest has the shape of a cloud host. */
  | { kind: 'placeholder'; role?: CloudRole; prefix?: string }
  /** Exactly one of the known hosts (cloud hosts of the region, DigiCert, ocsptest). */
  | { kind: 'known'; host: string }
  /**
   * Shaped like a region-bound cloud host (`X.sys`, `access`, `*.app`, ... under `imprivata.<suffix>`). role is
   * undefined for a wildcard. wrongSuffix: IMP-HOST-004. wrongTenant: IMP-HOST-003. astraTypo: IMP-HOST-006.
   */
  | { kind: 'cloud'; role?: CloudRole; prefix: string; suffix: string; wrongSuffix: boolean; wrongTenant: boolean; astraTypo: boolean }
  /** Within 1-2 edits of a known host: IMP-HOST-006. */
  | { kind: 'typo'; suggestion: string }
  | { kind: 'other' };

/** What every allowlist entry is judged against: the region, the tenant and the hosts they imply. */
export interface HostContext {
  region: RegionState;
  /** The suffix the region's hosts end in, when the region is known or defaulted. */
  suffix?: string;
  tenant?: string;
  /** Required cloud hosts by role (the tenant host only when the tenant is usable); empty when the region is unknown. */
  cloudHosts: { role: CloudRole; host: string }[];
  /** Everything IMP-HOST-006 compares against. */
  knownHosts: string[];
  /** Equal for two contexts in which every entry is classified the same. */
  key: string;
}

/** One allowlist entry whose host is text, read and classified. */
export interface HostItem {
  host: HostEntry;
  classification: Classification;
}

export interface HostAnalysis extends HostContext {
  entries: HostItem[];
}

/** The host context of a model's document: computed once per Model and shared by every rule and feature. */
export const hostContext: (model: Model) => HostContext = memoPerObject(
  (model: Model) => readHostContext(model.doc, model),
  (model) => model.doc,
);

function readHostContext(doc: ConfigDocument, model: Model): HostContext {
  const region = regionState(doc, model);
  const suffix = region.kind === 'known' || region.kind === 'default' ? region.suffix : undefined;
  const tenant = usableTenant(model);
  const cloudHosts: { role: CloudRole; host: string }[] = [];
  if (suffix !== undefined) {
    cloudPlatformHosts(tenant ?? '', suffix).forEach((host, index) => {
      const role = CLOUD_ROLES[index];
      if (role === 'tenant' && tenant === undefined) return;
      cloudHosts.push({ role, host });
    });
  }
  const knownHosts = [...cloudHosts.map((c) => c.host), ...DIGICERT_HOSTS.map((d) => d.host), OCSP_TEST_HOST.host];
  return { region, suffix, tenant, cloudHosts, knownHosts, key: JSON.stringify([suffix ?? null, tenant ?? null, knownHosts]) };
}

/**
 * The host analysis of a model's document, every entry read: for features that look at the whole list (completion's
 * small documents, preflight). The rules read one entry at a time (hostItemAt) and the cross-entry facts from
 * hostTallies, which an edit of one entry updates instead of recomputing.
 */
export const hostAnalysis: (model: Model) => HostAnalysis = memoPerObject(
  (model: Model) => {
    const context = hostContext(model);
    const count = model.allowlistLength;
    noteListLength(count);
    const entries: HostItem[] = [];
    for (let index = 0; index < count; index++) {
      const item = hostItemAt(model, index);
      if (item) entries.push(item);
    }
    return { ...context, entries };
  },
  (model) => model.doc,
);

const ALLOWLIST_READ = readKey(['firewall', 'allowlist']);

/** A model's entries read so far (null: not text), and the reads set its context's reads were last recorded into. */
interface ModelItems {
  readings: (EntryReading | null | undefined)[];
  hosts: (HostEntry | null | undefined)[];
  items: (HostItem | null | undefined)[];
  recordedInto: Set<string> | undefined;
}

const itemsByModel = new WeakMap<Model, ModelItems>();

function modelItems(model: Model): ModelItems {
  let known = itemsByModel.get(model);
  if (!known) {
    known = { readings: [], hosts: [], items: [], recordedInto: undefined };
    itemsByModel.set(model, known);
    // The readings cache keeps at least this list's readings (see evictReadingsWhenFull).
    noteListLength(model.allowlistLength);
  }
  return known;
}

/**
 * Allowlist item `index` read (host, port and protocol), without its classification: what depends on the entry
 * alone, so that a rule reading only this is not judged again when the region or tenant changes. Undefined when the
 * host is not text (a number or a list is IMP-DOC-003's). Records the read of the list only.
 */
export function hostEntryAt(model: Model, index: number): HostEntry | undefined {
  const known = modelItems(model);
  model.doc.reads?.add(ALLOWLIST_READ);
  const host = known.hosts[index];
  if (host !== undefined) return host ?? undefined;
  const entry = model.allowlistEntry(index);
  const reading = entry && readingOf(model.doc, entry);
  const made = entry && reading ? hostEntryOf(reading.host, entry) : undefined;
  known.readings[index] = reading ?? null;
  known.hosts[index] = made ?? null;
  return made;
}

/**
 * Allowlist item `index` read and classified, without reading the other items; undefined when its host is not
 * text. Records the reads of the item and of the context (region, tenant).
 */
export function hostItemAt(model: Model, index: number): HostItem | undefined {
  const known = modelItems(model);
  // A per-item rule asks for 20,000 items with one reads set: the context's reads are recorded into it once.
  const reads = model.doc.reads;
  if (reads !== known.recordedInto) {
    hostContext(model);
    reads?.add(ALLOWLIST_READ);
    known.recordedInto = reads;
  }
  const item = known.items[index];
  if (item !== undefined) return item ?? undefined;
  const host = hostEntryAt(model, index);
  const reading = known.readings[index];
  if (!host || !reading) {
    known.items[index] = null;
    return undefined;
  }
  const context = hostContext(model);
  // Another tenant, region or proofing mode: the entry is what it was, only its classification changes.
  if (reading.classification === undefined || reading.classifiedIn !== context.key) {
    reading.classification = classify(reading.host, context);
    reading.classifiedIn = context.key;
  }
  const made = { host, classification: reading.classification };
  known.items[index] = made;
  return made;
}

/** An entry's reading, by what it says, reused from earlier analyses (see entryReadings). */
function readingOf(doc: ConfigDocument, entry: AllowlistEntry): EntryReading | undefined {
  const said = entrySays(doc, entry);
  if (!said) return undefined;
  const known = said.map ? entryReadings.map : entryReadings.bare;
  let reading = known.get(said.key);
  if (!reading) {
    reading = readEntry(said, entry);
    known.set(said.key, reading);
    evictReadingsWhenFull();
  }
  return reading;
}

/**
 * What an entry's host says, without the entry itself: a reading is shared by every snapshot in which an entry says
 * the same, and an entry (its scalar, its spans) belongs to one tree; kept in a reading, it held a whole earlier
 * tree alive once a compaction had copied the tree (40,000 scalars instead of 20,000 on the 1 MB allowlist).
 */
type HostSays = Omit<HostEntry, 'entry'>;

/**
 * An entry with what its host says, field by field: a spread (`{ ...says, entry }`) of readings of several shapes
 * (with or without a sameness key) went megamorphic and made a line inserted in a 20,000-host list 2.5x slower.
 */
function hostEntryOf(says: HostSays, entry: AllowlistEntry): HostEntry {
  return {
    entry,
    value: says.value,
    parsed: says.parsed,
    env: says.env,
    placeholder: says.placeholder,
    port: says.port,
    protocol: says.protocol,
    sameness: says.sameness,
  };
}

/** One entry's reading, without its place in the file (which changes with every edit above it). */
interface EntryReading {
  host: HostSays;
  /** Its classification in the context it was last classified in (`classifiedIn`, a HostContext key). */
  classification?: Classification;
  classifiedIn?: string;
}

/**
 * The readings of the recent host analyses, by what each entry says (see entrySays): shared by every file and
 * snapshot, since a reading depends on nothing else (its context is checked on use). The one per-entry cache.
 */
let entryReadings = { bare: new Map<string, EntryReading>(), map: new Map<string, EntryReading>() };
let largestRecent = 0;

/** A whole allowlist of `count` entries is being read: the readings cache holds at least that many. */
function noteListLength(count: number): void {
  largestRecent = Math.max(largestRecent, count);
}

/**
 * Entries typed and gone pile up: past twice what the largest recent file holds (a floor for small ones), start
 * afresh. Measured against the largest, so that completion's small documents never evict a large file's readings.
 */
function evictReadingsWhenFull(): void {
  if (entryReadings.bare.size + entryReadings.map.size > 2 * largestRecent + 1000) {
    entryReadings = { bare: new Map(), map: new Map() };
    largestRecent = 0;
  }
}

interface EntrySays {
  /** Everything the reading depends on: the form, the host text, the port and protocol keys as written. */
  key: string;
  value: string;
  /** A `host:` mapping entry (its readings are kept apart from the bare hosts'). */
  map?: true;
}

/** What an entry says, when its host is text (a host that is not text, a number or a list, is IMP-DOC-003's). */
function entrySays(doc: ConfigDocument, entry: AllowlistEntry): EntrySays | undefined {
  const path = entry.form === 'map' ? ['firewall', 'allowlist', entry.index, 'host'] : ['firewall', 'allowlist', entry.index];
  const node = entry.form === 'scalar' ? entry.node : doc.node(path);
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  // The scalar's own string as the key: its hash is computed once and kept with it, snapshot after snapshot.
  if (entry.form === 'scalar') return { key: node.value, value: node.value };
  const port = entry.hasPort ? `${entry.port ?? '?'}` : '-';
  const protocol = entry.hasProtocol ? `${entry.protocol ?? '?'}` : '-';
  return { key: `${port}\0${protocol}\0${node.value}`, value: node.value, map: true };
}

function readEntry(said: EntrySays, entry: AllowlistEntry): EntryReading {
  // Judged as seen: an invisible character in it is IMP-DOC-005's, and must not make the host look missing.
  const value = withoutInvisible(said.value);
  const parsed = parseHost(value);
  const effective = effectivePortProtocol(entry, parsed);
  const host: HostSays = {
    value,
    parsed,
    env: hasEnvReference(value),
    placeholder: hasPlaceholder(value),
    port: effective.port,
    protocol: effective.protocol,
    sameness: undefined,
  };
  if (!host.env && parsed.normalized !== '' && host.port !== undefined && host.protocol !== undefined) {
    host.sameness = samenessKey(parsed.normalized, host.port, host.protocol);
  }
  return { host, classification: undefined, classifiedIn: undefined };
}

/**
 * The sameness key of a host on a port and protocol. On the documented pair (most entries) the host itself: a key
 * built by concatenation is a chain of four string objects in V8, kept for every entry (82,000 objects, 2.5 MB on a
 * 20,000-host list). Any other pair, or a host that itself holds a `|`, gets the long form: a short key never
 * contains `|` and a long one always does, so two different entries never share a key.
 */
function samenessKey(normalized: string, port: number, protocol: string): string {
  return port === DEFAULT_PORT && protocol === DEFAULT_PROTOCOL && !normalized.includes('|')
    ? normalized
    : `${normalized}|${port}|${protocol}`;
}

function effectivePortProtocol(entry: AllowlistEntry, parsed: ParsedHost): { port?: number; protocol?: string } {
  let protocol: string | undefined;
  if (entry.form === 'map' && entry.hasProtocol) {
    protocol = entry.protocol;
    if (protocol === undefined || hasEnvReference(protocol)) return {};
  } else if (parsed.scheme === 'http' || parsed.scheme === 'https') {
    protocol = parsed.scheme;
  } else {
    protocol = DEFAULT_PROTOCOL;
  }
  let port: number | undefined;
  if (entry.form === 'map' && entry.hasPort) {
    port = entry.port;
    if (port === undefined) return {};
  } else if (parsed.port) {
    port = Number(parsed.port);
  } else if (parsed.scheme === 'http') {
    port = 80;
  } else if (parsed.scheme === 'https') {
    port = 443;
  } else {
    port = DEFAULT_PORT;
  }
  return { port, protocol };
}

/** `astra.sys` and `eu` of `astra.sys.imprivata.eu`, for hosts under the Imprivata domain. */
function splitImprivata(host: string): { prefix: string; suffix: string } | undefined {
  const suffix = imprivataSuffix(host);
  if (suffix === undefined) return undefined;
  const tail = `.${IMPRIVATA_DOMAIN}.${suffix}`;
  if (!host.endsWith(tail)) return undefined;
  return { prefix: host.slice(0, host.length - tail.length), suffix };
}

function roleOfPrefix(prefix: string): CloudRole | undefined {
  const index = ROLE_PREFIXES.indexOf(prefix);
  if (index > 0) return CLOUD_ROLES[index];
  const match = /^([^.]+)\.(.+)$/.exec(prefix);
  if (match && match[2] === TENANT_PARENT && match[1] !== '*') return 'tenant';
  return undefined;
}

/** The classifications without details, shared (most of a long allowlist is `other`: one object less per entry). */
const IGNORED: Classification = Object.freeze({ kind: 'ignored' });
const OTHER: Classification = Object.freeze({ kind: 'other' });

function classify(host: HostSays, context: HostContext): Classification {
  const h = host.parsed.normalized;
  if (host.env || h === '') return IGNORED;
  if (host.placeholder) {
    const filled = h.replace(/<[^<>]*>/g, 'x');
    const parts = isCloudPlatformHost(filled) ? splitImprivata(filled) : undefined;
    return { kind: 'placeholder', role: parts ? roleOfPrefix(parts.prefix) : undefined, prefix: parts?.prefix };
  }
  if (context.knownHosts.includes(h)) return { kind: 'known', host: h };
  const parts = splitImprivata(h);
  const wildcardCloud = parts !== undefined && parts.prefix.startsWith('*.') && WILDCARD_PARENTS.has(parts.prefix.slice(2));
  if (parts && (isCloudPlatformHost(h) || wildcardCloud)) {
    let role = wildcardCloud ? undefined : roleOfPrefix(parts.prefix);
    let astraTypo = false;
    let wrongTenant = false;
    if (role === 'tenant') {
      const label = parts.prefix.split('.')[0];
      const astraLabel = ROLE_PREFIXES[1].split('.')[0];
      if (context.tenant !== undefined && label !== context.tenant) {
        const toAstra = editDistance(label, astraLabel, 2);
        const toTenant = editDistance(label, context.tenant, 2);
        if (toAstra <= 2 && toAstra < toTenant) {
          role = 'astra';
          astraTypo = true;
        } else {
          wrongTenant = true;
        }
      }
    }
    const wrongSuffix = context.suffix !== undefined && parts.suffix !== context.suffix;
    return { kind: 'cloud', role, prefix: parts.prefix, suffix: parts.suffix, wrongSuffix, wrongTenant, astraTypo };
  }
  // A name under a known wildcard (`s3.amazonaws.com`) is not a misspelling of it; a wildcard is only compared
  // with wildcards.
  if (context.knownHosts.some((k) => k.startsWith('*.') && covers(k, h))) return OTHER;
  const candidates = context.knownHosts.filter((k) => !k.startsWith('*.') || h.startsWith('*.'));
  const suggestion = mayBeMisspelling(h, candidates) ? closest(h, candidates, 2) : undefined;
  if (suggestion !== undefined) return { kind: 'typo', suggestion };
  return OTHER;
}

/**
 * Whether `host` can be within two edits of one of `known`: then its length is within two, and it holds one of that
 * host's three thirds unchanged (two edits touch at most two of them). A cheap test before the edit distance, which
 * most entries of a large allowlist (other hosts) fail.
 */
export function mayBeMisspelling(host: string, known: readonly string[]): boolean {
  for (const k of known) {
    if (Math.abs(k.length - host.length) > 2) continue;
    const size = Math.ceil(k.length / 3);
    if (
      host.includes(k.slice(0, size)) ||
      host.includes(k.slice(size, 2 * size)) ||
      (k.length > 2 * size && host.includes(k.slice(2 * size)))
    ) {
      return true;
    }
  }
  return false;
}

/** The expected host of a role in the region, when known. */
export function expectedHost(analysis: HostContext, role: CloudRole): string | undefined {
  return analysis.cloudHosts.find((c) => c.role === role)?.host;
}

/** The documented port and protocol of a target, when a wildcard covers it only on that pair. */
export type DocumentedPair = (target: string) => { port: number; protocol: string } | undefined;

/**
 * The required hosts that the allowlist already stands for: exact entries, wildcards, and entries another rule
 * reports as a variant of the host (wrong suffix, wrong tenant label, placeholder, misspelling).
 */
export function claimedHosts(analysis: HostAnalysis, targets: readonly string[], documented?: DocumentedPair): Set<string> {
  const claimed = new Set<string>();
  for (const item of analysis.entries) for (const target of entryClaims(analysis, item, targets, documented)) claimed.add(target);
  return claimed;
}

/** The targets one entry stands for (see claimedHosts), possibly repeated. */
export function entryClaims(context: HostContext, item: HostItem, targets: readonly string[], documented?: DocumentedPair): string[] {
  const { host, classification: c } = item;
  const claimed: string[] = [];
  const h = host.parsed.normalized;
  for (const target of targets) {
    if (!covers(h, target)) continue;
    // A bare `*.digicert.com` is HTTPS on 443: it does not open OCSP's plain HTTP on 80. (A host listed by
    // name with another pair counts as present: IMP-HOST-010 reports the pair.)
    // An unreadable or `${env:}` port or protocol is not judged.
    const needs = h !== target ? documented?.(target) : undefined;
    if (needs && host.port !== undefined && host.protocol !== undefined && (needs.port !== host.port || needs.protocol !== host.protocol))
      continue;
    claimed.push(target);
  }
  switch (c.kind) {
    case 'placeholder':
    case 'cloud': {
      if (c.role !== undefined) {
        const expected = expectedHost(context, c.role);
        if (expected !== undefined && targets.includes(expected)) claimed.push(expected);
      } else if (c.kind === 'cloud' && context.suffix !== undefined) {
        // A wildcard under another suffix (IMP-HOST-004): what it would cover with the region's suffix.
        const swapped = `${c.prefix}.${IMPRIVATA_DOMAIN}.${context.suffix}`;
        for (const target of targets) if (covers(swapped, target)) claimed.push(target);
      }
      break;
    }
    case 'typo':
      if (targets.includes(c.suggestion)) claimed.push(c.suggestion);
      break;
    default:
      break;
  }
  return claimed;
}

/** `"*.amazonaws.com"` needs quotes in YAML (a leading `*` starts an alias); ordinary host names do not. */
export function yamlHost(host: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(host) ? host : JSON.stringify(host);
}

/**
 * `enterprise.environment`: the value and its span, the schema default (`production`) when the key is absent,
 * undefined when it is a reference or not text.
 */
export function environmentOf(doc: ConfigDocument): { environment?: string; span?: Span } {
  if (!doc.has(['enterprise', 'environment'])) return { environment: stringDefault(['enterprise', 'environment'], 'production') };
  const node = doc.node(['enterprise', 'environment']);
  if (isScalar(node) && typeof node.value === 'string' && !hasEnvReference(node.value))
    return { environment: node.value.trim(), span: doc.span(node) };
  return {};
}

/** The documented port and protocol of a DigiCert host or ocsptest, by exact name. */
export function documentedPair(host: string): HostRequirement | undefined {
  return [...DIGICERT_HOSTS, OCSP_TEST_HOST].find((d) => d.host === host);
}
