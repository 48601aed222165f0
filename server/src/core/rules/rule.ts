import type { ConfigDocument } from '../document';
import type { Model } from '../model';
import type { FixSafety, Range, Severity, Span } from '../types';

/** What a path names on disk (symbolic links followed). */
export type FileKind = 'file' | 'directory' | 'fifo' | 'socket' | 'device' | 'other';

export interface FileStat {
  kind: FileKind;
  /** In bytes, as the file system reports it (files of 2 GiB and more included). */
  size: number;
  /** Last modification, milliseconds since the epoch: with `size` and the path, what caches are keyed on. */
  mtimeMs: number;
}

/**
 * Reads files next to the configuration (the logo). Injected: the core does no I/O of its own. Never reads a file
 * whole: a rule asks what is at a path, then for the first bytes it needs.
 */
export interface FileReader {
  /** What is at the path, without opening it; undefined when nothing is there (or it cannot be examined). */
  stat(absolutePath: string): FileStat | undefined;
  /**
   * At most `maxBytes` bytes from the start of a regular file; undefined when the path is not a regular file or
   * cannot be read. Never blocks (a FIFO is not opened) and never reads past `maxBytes`.
   */
  readHeader(absolutePath: string, maxBytes: number): Uint8Array | undefined;
}

/** What a rule may know about the other configuration files of the workspace. */
export interface WorkspaceEntry {
  filePath: string;
  tenantId?: string;
  identityProviderType?: string;
  directoryDomain?: string;
  directoryDomainRange?: Range;
}

export interface RelatedSpan {
  span: Span;
  message: string;
}

export interface RelatedElsewhere {
  file: string;
  range: Range;
  message: string;
}

/**
 * Whether a fix may be applied without a person looking at it (Biome's fix kind). `safe`: it only writes what the
 * file already says or what the guides require, and cannot change what the configuration means beyond the problem
 * (add a required host, set the documented port, remove an exact duplicate). `unsafe`: it guesses (a "did you mean"),
 * drops information, or needs something outside the file (an environment variable): offered as a quick fix, never
 * applied by fix-all, `lint --fix` or on save.
 */
export type FixKind = FixSafety;

export interface FixSpec {
  title: string;
  edits: { span: Span; newText: string }[];
  preferred?: boolean;
  /** Overrides the rule's `fixKind` for this one fix. */
  kind?: FixKind;
}

export interface Report {
  span: Span;
  message: string;
  /** Defaults to the rule's severity; rules with two severities pass the other one here. */
  severity?: Severity;
  related?: (RelatedSpan | RelatedElsewhere)[];
  fixes?: FixSpec[];
  unnecessary?: boolean;
}

export interface RuleContext {
  readonly doc: ConfigDocument;
  /** The snapshot's one Model (shared with the feature requests on the same snapshot). */
  readonly model: Model;
  /**
   * One object per analysis run, for facts that must not outlive it: what is on disk (the logo) may change between
   * two analyses of the same snapshot.
   */
  readonly run: object;
  readonly files: FileReader;
  /** Other configuration files of the workspace (this one excluded). */
  readonly workspace: readonly WorkspaceEntry[];
  report(report: Report): void;
}

export interface Rule {
  /** `IMP-<FAMILY>-<NNN>`: the diagnostic code users search for and suppress by. */
  id: string;
  /** One line, shown in rule lists and SARIF. */
  title: string;
  severity: Severity;
  /** Markdown: why it matters and how to fix it. Rendered into docs/rules.md. */
  docs: string;
  /** What the quick fix does, when the rule offers one. */
  fix?: string;
  /** Whether the rule's fixes are safe to apply unattended (fix-all, `lint --fix`); a fix may say otherwise. */
  fixKind?: FixKind;
  /**
   * What the rule reads. `paths` (the default): only through the document's path lookups (`doc.node`, `doc.pair`,
   * the model, the shared domain facts), which are recorded, so its findings are kept across an edit that touched
   * none of what it read. `document`: the text or the tree as a whole (syntax, schema, structure), so it runs again
   * on every edit. A rule that reads files or the workspace always runs again as well.
   */
  reads?: 'paths' | 'document';
  /** What the rule judges of the document as a whole (may be absent when `items` says everything). */
  check?(ctx: RuleContext): void;
  /** What the rule judges of each item of a long list, one item at a time (see ItemChecks). */
  items?: ItemChecks;
}

/**
 * The part of a rule that judges each item of a long list (the allowlist, the provider roster) on its own: what it
 * reports about item `index` depends on that item and on facts outside the list (region, tenant, mode), never on
 * the other items (those go in `check`, kept cheap by incremental domain facts). The analysis keeps each item's
 * findings apart, so that a leaf edit inside one item runs `check` of that item only, and moves the others'.
 */
export interface ItemChecks {
  /** The list's path, two segments: `['firewall', 'allowlist']`. */
  list: readonly [string, string];
  /** Judges item `index`, reading that item (through path lookups under `list`) and facts outside the list only. */
  check(ctx: RuleContext, index: number): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** A fix made of edits that could all be built; undefined when any of them could not (no half fixes). */
export function fixSpec(
  title: string,
  edits: readonly ({ span: Span; newText: string } | undefined)[],
  preferred?: boolean,
): FixSpec | undefined {
  const real = edits.filter((e): e is { span: Span; newText: string } => e !== undefined);
  if (real.length === 0 || real.length !== edits.length) return undefined;
  return { title, edits: real, preferred };
}

/** The fixes that could be built, or undefined when none could. */
export function fixSpecs(...list: (FixSpec | undefined)[]): FixSpec[] | undefined {
  const real = list.filter((f): f is FixSpec => f !== undefined);
  return real.length ? real : undefined;
}
