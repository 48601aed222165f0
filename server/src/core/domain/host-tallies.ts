/**
 * What the host rules need to know about the allowlist as a whole, kept as counts so that an edit of one entry
 * updates them instead of reading 20,000 entries again: how many entries stand for each required host (IMP-HOST-001,
 * -008, -009), which entries are the same rule for the firewall (IMP-HOST-007, a multiset keyed by host, port and
 * protocol), which cloud hosts carry another region's suffix (IMP-HOST-004), and which entries list a known host by
 * name or let it through as a wildcard on its documented port and protocol (what completion offers, and hover).
 *
 * A snapshot made by leaf edits of allowlist entries (`ConfigDocument.origin`, edited paths
 * `firewall.allowlist[i]...`) takes the tallies of the snapshot it was made from and applies each edited entry's
 * change (its old contribution out, its new one in). The structures move to the new snapshot: the old one, asked
 * again (a request on an older version), counts afresh. Everything else (a global fact changed, a line inserted, a
 * full parse) counts afresh, reusing the entries' readings (hostItemAt).
 */
import type { ConfigDocument, EditStep } from '../document';
import { readKey } from '../document';
import { modelOf } from '../model';
import type { Model } from '../model';
import { DEFAULT_PORT, DEFAULT_PROTOCOL, covers, entryClaims, hostContext, hostItemAt } from './hosts';
import type { DocumentedPair, HostContext, HostItem } from './hosts';
import { DIGICERT_HOSTS, OCSP_TEST_HOST } from './regions';

/** The required hosts, by the rule that requires them; a wildcard covers a DigiCert host only on its documented pair. */
export type ClaimGroup = 'cloud' | 'digicert' | 'ocsp';

export interface HostTallies {
  /** How many entries stand for a required host of a group (see claimedHosts): 0 or absent means missing. */
  claims(group: ClaimGroup, host: string): number;
  /**
   * How many entries list a known host (context.knownHosts): by name (any port and protocol), or as a wildcard over
   * it on its documented port and protocol (HTTPS on 443 for the cloud hosts). A variant (a misspelling, another
   * suffix) claims a host without listing it.
   */
  listings(host: string): number;
  /** The sameness keys (host, port, protocol) written by two entries or more. */
  readonly repeated: ReadonlySet<string>;
  /** The indices of the entries with a sameness key, in list order. */
  entriesOf(sameness: string): readonly number[];
  /** The indices of the cloud hosts under another region's suffix (IMP-HOST-004), in no particular order. */
  readonly wrongSuffix: ReadonlySet<number>;
}

const ALLOWLIST_READ = readKey(['firewall', 'allowlist']);

const DIGICERT_TARGETS = DIGICERT_HOSTS.map((d) => d.host);
const DIGICERT_PAIR: DocumentedPair = (target) => DIGICERT_HOSTS.find((d) => d.host === target);
const OCSP_TARGETS = [OCSP_TEST_HOST.host];
/** ocsptest is plain HTTP on 80: a bare `*.digicert.com` (HTTPS 443) does not open it, as for ocsp (IMP-HOST-008). */
const OCSP_PAIR: DocumentedPair = (target) => (target === OCSP_TEST_HOST.host ? OCSP_TEST_HOST : undefined);

/** The group of the listings among the counts (see HostTallies.listings). */
const LISTED = 'listed';

/** The port and protocol a cloud host is listed on; the DigiCert hosts and ocsptest have their own (DOCUMENTED_PAIRS). */
const CLOUD_PAIR = { port: DEFAULT_PORT, protocol: DEFAULT_PROTOCOL === 'http' ? 'http' : 'https' };
const DOCUMENTED_PAIRS: ReadonlyMap<string, { port: number; protocol: string }> = new Map(
  [...DIGICERT_HOSTS, OCSP_TEST_HOST].map((d) => [d.host, { port: d.port, protocol: d.protocol }]),
);

/** The live tallies, by the snapshot they describe; at most one snapshot of a chain of edits holds them. */
const live = new WeakMap<ConfigDocument, Counts>();

/** The tallies of a model's document (recording, for the rule that asks, the reads they are made of). */
export function hostTallies(model: Model): HostTallies {
  const context = hostContext(model);
  model.doc.reads?.add(ALLOWLIST_READ);
  const known = live.get(model.doc);
  if (known && known.context === context.key) return known;
  const moved = derived(model, context);
  let counts: Counts;
  if (moved) {
    counts = moved.counts;
    for (const _ of moved.recount(model.allowlistLength));
  } else {
    counts = new Counts(model.doc, context.key, model.allowlistLength);
    for (const _ of countAll(model, context, counts, model.allowlistLength));
  }
  live.set(model.doc, counts);
  return counts;
}

/**
 * Makes the tallies of a long allowlist before the rules ask for them, in steps of `perStep` entries (the analysis
 * yields between them, so that requests are answered meanwhile). A request that asks meanwhile counts for itself.
 */
export function* prepareHostTallies(doc: ConfigDocument, perStep: number): Generator<void> {
  const model = modelOf(doc);
  const saved = doc.reads;
  doc.reads = undefined;
  try {
    if (model.allowlistLength <= perStep) return;
    const context = hostContext(model);
    const known = live.get(doc);
    if (known && known.context === context.key) return;
    const moved = derived(model, context);
    const counts = moved?.counts ?? new Counts(doc, context.key, model.allowlistLength);
    const steps = moved ? moved.recount(perStep) : countAll(model, context, counts, perStep);
    for (const _ of steps) {
      doc.reads = saved;
      yield;
      doc.reads = undefined;
    }
    if (!live.has(doc)) live.set(doc, counts);
  } finally {
    doc.reads = saved;
  }
}

/** Counts every entry into `counts`, pausing (yielding) after every `perStep` entries. */
function* countAll(model: Model, context: HostContext, counts: Counts, perStep: number): Generator<void> {
  for (let index = 0; index < counts.length; index++) {
    const item = hostItemAt(model, index);
    counts.addSameness(index, item);
    counts.addContextual(index, item, context);
    if ((index + 1) % perStep === 0 && index + 1 < counts.length) yield;
  }
}

/**
 * Moves the tallies of the snapshot a document was made from onto it, when that is cheap (only entries edited in
 * place since): so that a snapshot whose host rules all kept their findings still passes the tallies on. Called by
 * the analysis before it forgets the document's origin.
 */
export function carryHostTallies(doc: ConfigDocument): void {
  if (live.has(doc) || !doc.origin) return;
  const model = modelOf(doc);
  const saved = doc.reads;
  doc.reads = undefined;
  try {
    const context = hostContext(model);
    const moved = derived(model, context);
    if (moved) {
      for (const _ of moved.recount(model.allowlistLength));
      live.set(doc, moved.counts);
    }
  } finally {
    doc.reads = saved;
  }
}

/**
 * The tallies of an analyzed snapshot, handed to its compacted copy (the same text and entries, a re-based tree): the
 * copy is the one the next edits start from, and the snapshot itself may then go (see handOverAnalysis).
 */
export function handOverHostTallies(from: ConfigDocument, to: ConfigDocument): void {
  const counts = live.get(from);
  if (!counts) return;
  live.delete(from);
  live.set(to, counts.moveTo(to, counts.context));
}

/**
 * The tallies of the nearest snapshot of the document's chain of edits, updated by the entries edited since. A
 * snapshot of the chain may have been compacted (the same text, a re-based tree: see compactSnapshot), and the edit
 * after it made from the compacted one: at each point of the chain both hold what the tallies describe.
 */
function derived(model: Model, context: HostContext): { counts: Counts; recount: (perStep: number) => Generator<void> } | undefined {
  const origin = model.doc.origin;
  if (!origin) return undefined;
  const steps = origin.steps;
  for (let b = steps.length; b >= 0; b--) {
    const at = b === 0 ? origin.previous : steps[b - 1].after;
    const holder = [at, b < steps.length ? steps[b].before : at].find((d) => d !== model.doc && live.has(d));
    const base = holder && live.get(holder);
    if (!holder || !base) continue;
    if (base.length !== model.allowlistLength) return undefined;
    const edited = editedEntries(steps.slice(b));
    if (!edited) return undefined;
    const before = modelOf(holder);
    // The duplicates do not depend on the context: a changed region or tenant re-counts only the claims.
    const contextChanged = base.context !== context.key;
    const counts = base.moveTo(model.doc, context.key);
    for (const index of edited) {
      const was = hostItemAt(before, index);
      const now = hostItemAt(model, index);
      counts.removeSameness(index, was);
      counts.addSameness(index, now);
      if (!contextChanged) {
        counts.removeContextual(index, was, context);
        counts.addContextual(index, now, context);
      }
    }
    live.delete(holder);
    if (contextChanged) counts.clearContextual();
    // What the caller runs to finish: the claims again for every entry when the context changed, else nothing.
    function* recount(perStep: number): Generator<void> {
      if (!contextChanged) return;
      for (let index = 0; index < counts.length; index++) {
        counts.addContextual(index, hostItemAt(model, index), context);
        if ((index + 1) % perStep === 0 && index + 1 < counts.length) yield;
      }
    }
    return { counts, recount };
  }
  return undefined;
}

/** The allowlist entries edited in place by these steps; undefined when a step may have changed more. */
function editedEntries(steps: readonly EditStep[]): Set<number> | undefined {
  const edited = new Set<number>();
  for (const { path, before, after } of steps) {
    // A full parse (no path) may have moved anything; aliases read across sections.
    if (!path || before.anchors.size || after.anchors.size || before.syntaxProblems.length || after.syntaxProblems.length) return undefined;
    if (path[0] === 'firewall' && path[1] === 'allowlist') {
      if (typeof path[2] !== 'number') return undefined;
      edited.add(path[2]);
    } else if (path.length < 2 && (path.length === 0 || path[0] === 'firewall')) {
      return undefined;
    }
    // Any other scalar: the entries are what they were (a changed context is caught by the context key).
  }
  return edited;
}

class Counts implements HostTallies {
  private readonly claimed: Map<string, number>;
  /** The entries by sameness key: one index, or the indices in list order when repeated. */
  private readonly same: Map<string, number | number[]>;
  readonly repeated: Set<string>;
  readonly wrongSuffix: Set<number>;

  constructor(
    /** The snapshot these counts describe (they move on with moveTo). */
    readonly doc: ConfigDocument,
    readonly context: string,
    readonly length: number,
    from?: Counts,
  ) {
    this.claimed = from?.claimed ?? new Map();
    this.same = from?.same ?? new Map();
    this.repeated = from?.repeated ?? new Set();
    this.wrongSuffix = from?.wrongSuffix ?? new Set();
  }

  /** The same structures, now describing `doc` in `context` (this object must not be used any more). */
  moveTo(doc: ConfigDocument, context: string): Counts {
    return new Counts(doc, context, this.length, this);
  }

  claims(group: ClaimGroup, host: string): number {
    return this.claimed.get(`${group}\0${host}`) ?? 0;
  }

  listings(host: string): number {
    return this.claimed.get(`${LISTED}\0${host}`) ?? 0;
  }

  entriesOf(sameness: string): readonly number[] {
    const held = this.same.get(sameness);
    return held === undefined ? [] : typeof held === 'number' ? [held] : held;
  }

  addSameness(index: number, item: HostItem | undefined): void {
    const sameness = samenessOf(item);
    if (sameness === undefined) return;
    const held = this.same.get(sameness);
    if (held === undefined) {
      this.same.set(sameness, index);
      return;
    }
    const list = typeof held === 'number' ? [held] : held;
    let at = list.length;
    while (at > 0 && list[at - 1] > index) at--;
    list.splice(at, 0, index);
    this.same.set(sameness, list);
    this.repeated.add(sameness);
  }

  removeSameness(index: number, item: HostItem | undefined): void {
    const sameness = samenessOf(item);
    const held = sameness === undefined ? undefined : this.same.get(sameness);
    if (sameness === undefined || held === undefined) return;
    if (typeof held === 'number') {
      if (held === index) this.same.delete(sameness);
      return;
    }
    const at = held.indexOf(index);
    if (at !== -1) held.splice(at, 1);
    if (held.length < 2) {
      this.repeated.delete(sameness);
      if (held.length === 1) this.same.set(sameness, held[0]);
      else this.same.delete(sameness);
    }
  }

  addContextual(index: number, item: HostItem | undefined, context: HostContext): void {
    if (!item) return;
    for (const key of claimKeys(item, context)) this.claimed.set(key, (this.claimed.get(key) ?? 0) + 1);
    if (item.classification.kind === 'cloud' && item.classification.wrongSuffix) this.wrongSuffix.add(index);
  }

  removeContextual(index: number, item: HostItem | undefined, context: HostContext): void {
    if (!item) return;
    for (const key of claimKeys(item, context)) {
      const left = (this.claimed.get(key) ?? 0) - 1;
      if (left > 0) this.claimed.set(key, left);
      else this.claimed.delete(key);
    }
    this.wrongSuffix.delete(index);
  }

  clearContextual(): void {
    this.claimed.clear();
    this.wrongSuffix.clear();
  }
}

/** What makes an entry the same rule for the firewall as another (IMP-HOST-007); undefined: not compared. */
function samenessOf(item: HostItem | undefined): string | undefined {
  const host = item?.host;
  if (!host || host.sameness === undefined || host.port === undefined || host.protocol === undefined) return undefined;
  return host.sameness;
}

const NO_CLAIMS: ReadonlySet<string> = new Set();

/**
 * The required hosts an entry stands for, as `group\0host` (each once per entry, as claimedHosts counts), and the
 * known hosts it lists, as `listed\0host`.
 */
function claimKeys(item: HostItem, context: HostContext): ReadonlySet<string> {
  // Most entries of a long list are other hosts, which stand for nothing (a required host by name is `known`).
  const kind = item.classification.kind;
  const h = item.host.parsed.normalized;
  if ((kind === 'other' || kind === 'ignored') && !h.startsWith('*.')) return NO_CLAIMS;
  const keys = new Set<string>();
  const cloud = context.cloudHosts.map((c) => c.host);
  for (const host of entryClaims(context, item, cloud)) keys.add(`cloud\0${host}`);
  for (const host of entryClaims(context, item, DIGICERT_TARGETS, DIGICERT_PAIR)) keys.add(`digicert\0${host}`);
  for (const host of entryClaims(context, item, OCSP_TARGETS, OCSP_PAIR)) keys.add(`ocsp\0${host}`);
  // By name: a known host is what `known` means; as a wildcard: on the listed host's documented port and protocol.
  if (item.classification.kind === 'known') keys.add(`${LISTED}\0${item.classification.host}`);
  if (h.startsWith('*.')) {
    const { port, protocol } = item.host;
    for (const target of context.knownHosts) {
      const pair = DOCUMENTED_PAIRS.get(target) ?? CLOUD_PAIR;
      if (covers(h, target) && port === pair.port && protocol === pair.protocol) keys.add(`${LISTED}\0${target}`);
    }
  }
  return keys;
}
