/**
 * Plain data results of the editor features (completion, hover, outline, navigation, rename). No LSP types: the
 * language server converts them (server/src/lsp/features.ts), the façade and the tests read them as they are.
 * Every position is an offset span into the document text; lines only where the feature is about lines.
 */
import type { Span } from '../types';

export type { Span };

/** What a completion inserts; the LSP layer maps it to a CompletionItemKind. */
export type CompletionKind =
  /** A mapping key. */
  | 'key'
  /** One of a closed set of values (a schema enum, an IdP type, an SMTP mode). */
  | 'enum'
  /** A suggested value (a default, a documented example, a URL). */
  | 'value'
  /** true or false. */
  | 'boolean'
  /** An allowlist host. */
  | 'host'
  /** An `${env:NAME}` reference. */
  | 'reference'
  /** A whole section or list item from snippets/. */
  | 'snippet';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** One line beside the label (the type, "missing", the default). */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /**
   * The text that replaces `replace`. With `snippet`, in snippet syntax (`${1:default}`, `${1|a,b|}`, `$0`).
   * Lines after the first are indented relative to the first line's indentation, as the editor adds that line's
   * leading whitespace to each of them (LSP InsertTextMode.adjustIndentation, VS Code's default).
   */
  insertText: string;
  snippet: boolean;
  /** The span the text replaces: the word at the cursor (empty when there is none). Always on the cursor's line. */
  replace: Span;
  /** What the editor filters by, when not the label. */
  filterText?: string;
  sortText: string;
  /** The item to select first (a default value, the first missing host). */
  preselect?: boolean;
}

export interface CompletionList {
  items: CompletionItem[];
}

export interface HoverResult {
  /** Markdown. */
  contents: string;
  /** What the hover is about (a key, a value, one host, one group ID). */
  span: Span;
}

export type SymbolKind =
  /** A top-level section. */
  | 'section'
  /** A nested mapping. */
  | 'mapping'
  /** A key with a scalar value. */
  | 'key'
  /** A nested list. */
  | 'list'
  /** An appliance. */
  | 'appliance'
  /** An identity-proofing provider. */
  | 'provider'
  /** An allowlist entry. */
  | 'host'
  /** Any other list item. */
  | 'item';

export interface DocumentSymbol {
  name: string;
  /** Shown beside the name: a scalar's value (never a secret's), a count, the IdP type. */
  detail?: string;
  kind: SymbolKind;
  /** The whole construct: the key and its value, or the list item. */
  span: Span;
  /** What to reveal and highlight: the key, or the item's identifying value. */
  selectionSpan: Span;
  children: DocumentSymbol[];
}

export interface FoldingRange {
  /** 0-based, inclusive. */
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** One selection range and the larger ones around it, innermost first. */
export interface SelectionRange {
  span: Span;
  parent?: SelectionRange;
}

export interface DocumentLink {
  span: Span;
  /** `file`: an absolute path on disk; `url`: an http(s) URL. */
  target: { kind: 'file'; path: string } | { kind: 'url'; url: string };
  tooltip: string;
}

export interface RenameEdit {
  span: Span;
  newText: string;
  /** Why this text changes, shown by the editor beside the edit (a change annotation). */
  label: string;
}

export interface PrepareRenameResult {
  /** The text being renamed (the tenant ID where it is written, or the tenant host's first label). */
  span: Span;
  placeholder: string;
  /** What else a rename changes, in words: one line per place. */
  changes: string[];
}

/** Why a rename cannot happen here, or what is wrong with the new name: a message for people. */
export interface RenameRefusal {
  refused: string;
}
