import type { ConfigDocument } from '../document';
import type { Model } from '../model';
import type { Range, Severity, Span } from '../types';

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

export interface FixSpec {
  title: string;
  edits: { span: Span; newText: string }[];
  preferred?: boolean;
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
  readonly model: Model;
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
  check(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
