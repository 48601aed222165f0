import { isMap, isScalar } from 'yaml';
import type { Node, YAMLSeq } from 'yaml';
import { ConfigDocument, readKey, scalarString } from './document';
import { REGION_SUFFIX } from './domain/regions';
import type { Span } from './types';

/** A port as written: a number, or a whole number in quotes (`"80"`, read as the number; IMP-DOC-003 hints). */
function portNumber(node: unknown): number | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'number') return node.value;
  return typeof node.value === 'string' && /^\s*\d{1,9}\s*$/.test(node.value) ? Number(node.value) : undefined;
}

export interface AllowlistEntry {
  index: number;
  /** The host as written, or undefined when the entry has none. */
  host?: string;
  /** The host string's span (for a map entry, the `host:` value). */
  hostSpan: Span;
  /** The whole list item, for removal fixes. */
  itemSpan: Span;
  port?: number;
  portSpan?: Span;
  protocol?: string;
  protocolSpan?: Span;
  form: 'scalar' | 'map';
  /** The item itself (for a scalar entry, the host node). */
  node: Node;
  /** Whether a map entry writes a `port:` / `protocol:` key (whatever its value). */
  hasPort: boolean;
  hasProtocol: boolean;
}

const ALLOWLIST_READ = readKey(['firewall', 'allowlist']);

/**
 * Derived facts about one configuration that several rules need, computed
 * lazily and at most once per document version.
 */
export class Model {
  private allowlistCache: AllowlistEntry[] | undefined;

  constructor(readonly doc: ConfigDocument) {}

  get region(): string | undefined {
    return this.doc.string(['enterprise', 'region'])?.trim().toLowerCase();
  }

  /** The domain suffix of the region (`com`, `eu`), or undefined when the region is missing or unknown. */
  get regionSuffix(): string | undefined {
    const region = this.region;
    return region !== undefined && Object.prototype.hasOwnProperty.call(REGION_SUFFIX, region) ? REGION_SUFFIX[region] : undefined;
  }

  get tenantId(): string | undefined {
    return this.doc.string(['enterprise', 'tenantId'])?.trim();
  }

  get environment(): string | undefined {
    return this.doc.string(['enterprise', 'environment'])?.trim();
  }

  get identityProviderType(): string | undefined {
    return this.doc.string(['identityProvider', 'type'])?.trim();
  }

  get smtpMode(): string | undefined {
    return this.doc.string(['smtp', 'mode'])?.trim();
  }

  get proofingMode(): string | undefined {
    return this.doc.string(['identityProofing', 'mode'])?.trim();
  }

  get individualProofing(): boolean {
    return this.proofingMode === 'individual';
  }

  /** Whether `cloudPlatform` is configured at all. */
  get cloudPlatformConfigured(): boolean {
    return this.doc.has(['cloudPlatform']);
  }

  get allowlist(): AllowlistEntry[] {
    this.doc.reads?.add(ALLOWLIST_READ);
    if (!this.allowlistCache) {
      const count = this.allowlistLength;
      const entries: AllowlistEntry[] = [];
      for (let index = 0; index < count; index++) {
        const entry = this.allowlistEntry(index);
        if (entry) entries.push(entry);
      }
      this.allowlistCache = entries;
    }
    return this.allowlistCache;
  }

  /** How many items `firewall.allowlist` holds (0 when it is not a list). */
  get allowlistLength(): number {
    this.doc.reads?.add(ALLOWLIST_READ);
    return this.allowlistSeq?.items.length ?? 0;
  }

  /**
   * Item `index` of the allowlist alone, without reading the others (a per-item rule's view); undefined when the
   * item is neither a scalar nor a mapping. Kept per model, so the rules of one analysis read it once.
   */
  allowlistEntry(index: number): AllowlistEntry | undefined {
    this.doc.reads?.add(ALLOWLIST_READ);
    const known = this.entryCache[index];
    if (known !== undefined) return known ?? undefined;
    const entry = this.readAllowlistEntry(index);
    this.entryCache[index] = entry ?? null;
    return entry;
  }

  /** By index: null for an item that is no entry, undefined for one not read yet. */
  private readonly entryCache: (AllowlistEntry | null | undefined)[] = [];

  /** The allowlist's list node, looked up once per model (not once per entry of a long list). */
  private get allowlistSeq(): YAMLSeq<unknown> | undefined {
    if (this.seqCache === undefined) this.seqCache = this.doc.seq(['firewall', 'allowlist']) ?? null;
    return this.seqCache ?? undefined;
  }

  private seqCache: YAMLSeq<unknown> | null | undefined;

  private readAllowlistEntry(index: number): AllowlistEntry | undefined {
    const seq = this.allowlistSeq;
    if (!seq || index >= seq.items.length) return undefined;
    const item = this.doc.resolve(seq.items[index] as Node | null);
    if (!item) return undefined;
    const itemSpan = this.doc.span(item);
    if (isScalar(item)) {
      return {
        index,
        host: scalarString(item),
        hostSpan: itemSpan,
        itemSpan,
        form: 'scalar',
        node: item,
        hasPort: false,
        hasProtocol: false,
      };
    }
    if (!isMap(item)) return undefined;
    const hostNode = this.doc.node(['firewall', 'allowlist', index, 'host']);
    const portNode = this.doc.node(['firewall', 'allowlist', index, 'port']);
    const protocolNode = this.doc.node(['firewall', 'allowlist', index, 'protocol']);
    return {
      index,
      host: scalarString(hostNode),
      hostSpan: hostNode ? this.doc.span(hostNode) : itemSpan,
      itemSpan,
      port: portNumber(portNode),
      portSpan: portNode ? this.doc.span(portNode) : undefined,
      protocol: scalarString(protocolNode)?.toLowerCase(),
      protocolSpan: protocolNode ? this.doc.span(protocolNode) : undefined,
      form: 'map',
      node: item,
      hasPort: this.doc.has(['firewall', 'allowlist', index, 'port']),
      hasProtocol: this.doc.has(['firewall', 'allowlist', index, 'protocol']),
    };
  }
}

const models = new WeakMap<ConfigDocument, Model>();

/**
 * The one Model of a snapshot, shared by its analysis and every feature request on it (its facts, memoized per
 * Model, are then computed once per snapshot).
 */
export function modelOf(doc: ConfigDocument): Model {
  let model = models.get(doc);
  if (!model) {
    model = new Model(doc);
    models.set(doc, model);
  }
  return model;
}
