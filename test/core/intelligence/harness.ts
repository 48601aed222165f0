/**
 * Cursor-marker harness for the editor features (as vscode-json-languageservice's tests do it): a text with one `|`
 * where the cursor is, and what the document reads like after a completion is accepted, as an editor applies it
 * (the snippet's defaults filled in, the lines after the first indented by the cursor line's leading whitespace:
 * LSP InsertTextMode.adjustIndentation).
 */
import { ConfigDocument } from '../../../server/src/core/document';
import type { CompletionItem } from '../../../server/src/core/intelligence/types';
import { snippetDefaults } from '../../../server/src/core/intelligence/section-snippets';

export interface AtCursor {
  doc: ConfigDocument;
  offset: number;
  text: string;
}

/** The document and the cursor offset of a text holding one `marker` (by default `|`). */
export function atCursor(marked: string, filePath?: string, marker = '|'): AtCursor {
  const offset = marked.indexOf(marker);
  if (offset < 0 || marked.indexOf(marker, offset + 1) >= 0) throw new Error(`the text must hold exactly one ${marker}: ${marked}`);
  const text = marked.slice(0, offset) + marked.slice(offset + marker.length);
  return { doc: new ConfigDocument(text, filePath), offset, text };
}

/** The text after accepting `item` at the cursor, as an editor inserts it. */
export function accept(text: string, item: CompletionItem): string {
  const lineStart = text.lastIndexOf('\n', item.replace.start - 1) + 1;
  const leading = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const inserted = item.snippet ? snippetDefaults(item.insertText) : item.insertText;
  const adjusted = inserted
    .split('\n')
    .map((line, i) => (i === 0 ? line : leading + line))
    .join('\n');
  return text.slice(0, item.replace.start) + adjusted + text.slice(item.replace.end);
}

export function labels(items: readonly CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

/** The items in the order an editor shows them before filtering: by sortText, then label. */
export function sorted(items: readonly CompletionItem[]): CompletionItem[] {
  return [...items].sort((a, b) => a.sortText.localeCompare(b.sortText) || a.label.localeCompare(b.label));
}

export function itemLabelled(items: readonly CompletionItem[], label: string): CompletionItem {
  const found = items.filter((i) => i.label === label);
  if (found.length !== 1) throw new Error(`expected one item "${label}", found ${found.length} among: ${labels(items).join(', ')}`);
  return found[0];
}
