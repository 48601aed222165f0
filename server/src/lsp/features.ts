/**
 * The editor features over LSP: completion, hover, document symbols, folding ranges, selection ranges, document
 * links and rename. Each handler takes the snapshot of the document's current text, asks the language service's
 * method for that feature (server/src/core/editor-features.ts) and converts its plain data to LSP types: a thin
 * adapter, no analysis here.
 *
 * What the client can render is honoured: a client without snippet support gets the snippets' default text, one
 * without Markdown gets plain text, one without change annotations gets a plain workspace edit.
 */
import { pathToFileURL } from 'node:url';
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  SymbolKind,
} from 'vscode-languageserver';
import type {
  ClientCapabilities,
  CompletionItem as LspCompletionItem,
  CompletionList as LspCompletionList,
  Connection,
  DocumentLink as LspDocumentLink,
  DocumentSymbol as LspDocumentSymbol,
  FoldingRange as LspFoldingRange,
  Hover,
  Position,
  Range,
  SelectionRange as LspSelectionRange,
  ServerCapabilities,
  WorkspaceEdit,
} from 'vscode-languageserver';
import type { ConfigDocument } from '../core/document';
import { snippetDefaults } from '../core/editor-features';
import type { EditorLanguageService } from '../core/editor-features';
import type { CompletionItem, CompletionKind, DocumentSymbol, SelectionRange, SymbolKind as CoreSymbolKind } from '../core/intelligence';
import type { Span } from '../core/types';

/** `:` and space after a key bring its values; `-` and space start a list item. */
export const COMPLETION_TRIGGER_CHARACTERS = [':', ' ', '-'];

/** Gives the snapshot of an open configuration's current text, or undefined (not open, not a configuration). */
export type DocumentSource = (uri: string) => ConfigDocument | undefined;

export interface Features {
  /** The server capabilities of these features, for this client (merged into the `initialize` result). */
  capabilities(client: ClientCapabilities): ServerCapabilities;
  /**
   * Runs the completion and hover handlers at a few places of a document and drops the answers (see warm-up.ts):
   * V8 compiles a function when it first runs, so the user's first completion and hover would pay for it.
   */
  warmUp(uri: string): void;
}

/** How many places of a document the warm-up asks at (each: a completion and a hover), in its first lines. */
const WARM_UP_PLACES = 48;
const WARM_UP_LINES = 400;
/** A key (possibly a list item's first key), or a list item's plain value. */
const KEY_LINE = /^( *)(?:- +)?([A-Za-z_][\w.-]*) *:/;
const ITEM_LINE = /^ *- +[^:#]+$/;

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  key: CompletionItemKind.Property,
  enum: CompletionItemKind.EnumMember,
  value: CompletionItemKind.Value,
  boolean: CompletionItemKind.Value,
  host: CompletionItemKind.Constant,
  reference: CompletionItemKind.Variable,
  snippet: CompletionItemKind.Snippet,
};

const SYMBOL_KIND: Record<CoreSymbolKind, SymbolKind> = {
  section: SymbolKind.Module,
  mapping: SymbolKind.Object,
  key: SymbolKind.Property,
  list: SymbolKind.Array,
  appliance: SymbolKind.Struct,
  provider: SymbolKind.Struct,
  host: SymbolKind.String,
  item: SymbolKind.Object,
};

/** The service methods these handlers call (one per request). */
export type FeatureService = Pick<
  EditorLanguageService,
  'complete' | 'hover' | 'symbols' | 'folding' | 'links' | 'selectionRanges' | 'prepareRename' | 'rename'
>;

export function registerFeatures(connection: Connection, service: FeatureService, documentOf: DocumentSource): Features {
  let snippets = true;
  let markdown = true;
  let annotations = false;

  /** Runs a handler on the current snapshot; an internal error is logged and answered with `fallback`, never thrown. */
  function withDocument<T>(what: string, uri: string, fallback: T, run: (doc: ConfigDocument) => T): T {
    const doc = documentOf(uri);
    if (!doc) return fallback;
    try {
      return run(doc);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`internal error in ${what} for ${uri}: ${error instanceof Error ? error.message : String(error)}`);
      return fallback;
    }
  }

  const range = (doc: ConfigDocument, span: Span): Range => doc.range(span);
  const offsetOf = (doc: ConfigDocument, position: Position): number => doc.lines.offset(position);
  const text = (value: string) => (markdown ? { kind: MarkupKind.Markdown, value } : { kind: MarkupKind.PlainText, value: plain(value) });

  function toCompletion(doc: ConfigDocument, item: CompletionItem): LspCompletionItem {
    const snippet = item.snippet && snippets;
    const newText = item.snippet && !snippets ? snippetDefaults(item.insertText) : item.insertText;
    return {
      label: item.label,
      kind: COMPLETION_KIND[item.kind],
      detail: item.detail,
      documentation: item.documentation ? text(item.documentation) : undefined,
      insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      insertTextMode: newText.includes('\n') ? InsertTextMode.adjustIndentation : undefined,
      textEdit: { range: range(doc, item.replace), newText },
      filterText: item.filterText,
      sortText: item.sortText,
      preselect: item.preselect,
    };
  }

  function completionAt(uri: string, position: Position): LspCompletionList {
    const empty: LspCompletionList = { isIncomplete: false, items: [] };
    return withDocument('completion', uri, empty, (doc) => ({
      isIncomplete: false,
      items: (service.complete(doc, offsetOf(doc, position))?.items ?? []).map((item) => toCompletion(doc, item)),
    }));
  }

  function hoverAt(uri: string, position: Position): Hover | null {
    return withDocument('hover', uri, null, (doc) => {
      const result = service.hover(doc, offsetOf(doc, position));
      return result ? { contents: text(result.contents), range: range(doc, result.span) } : null;
    });
  }

  connection.onCompletion((params): LspCompletionList => completionAt(params.textDocument.uri, params.position));

  connection.onHover((params): Hover | null => hoverAt(params.textDocument.uri, params.position));

  connection.onDocumentSymbol((params): LspDocumentSymbol[] =>
    withDocument('document symbols', params.textDocument.uri, [], (doc) => (service.symbols(doc) ?? []).map((s) => toSymbol(doc, s))),
  );

  function toSymbol(doc: ConfigDocument, symbol: DocumentSymbol): LspDocumentSymbol {
    return {
      name: symbol.name,
      detail: symbol.detail,
      kind: SYMBOL_KIND[symbol.kind],
      range: range(doc, symbol.span),
      selectionRange: range(doc, symbol.selectionSpan),
      children: symbol.children.map((c) => toSymbol(doc, c)),
    };
  }

  connection.onFoldingRanges((params): LspFoldingRange[] =>
    withDocument('folding ranges', params.textDocument.uri, [], (doc) =>
      (service.folding(doc) ?? []).map((r) => ({ startLine: r.startLine, endLine: r.endLine, kind: r.kind })),
    ),
  );

  connection.onSelectionRanges((params): LspSelectionRange[] =>
    withDocument('selection ranges', params.textDocument.uri, [], (doc) => {
      const convert = (r: SelectionRange): LspSelectionRange => ({
        range: range(doc, r.span),
        parent: r.parent ? convert(r.parent) : undefined,
      });
      const offsets = params.positions.map((p) => offsetOf(doc, p));
      return (service.selectionRanges(doc, offsets) ?? []).map(convert);
    }),
  );

  connection.onDocumentLinks((params): LspDocumentLink[] =>
    withDocument('document links', params.textDocument.uri, [], (doc) =>
      (service.links(doc) ?? []).map((link) => ({
        range: range(doc, link.span),
        target: link.target.kind === 'file' ? pathToFileURL(link.target.path).toString() : link.target.url,
        tooltip: link.tooltip,
      })),
    ),
  );

  connection.onPrepareRename((params) =>
    withDocument('prepare rename', params.textDocument.uri, null, (doc) => {
      const result = service.prepareRename(doc, offsetOf(doc, params.position));
      if ('refused' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, plain(result.refused));
      return { range: range(doc, result.span), placeholder: result.placeholder };
    }),
  );

  connection.onRenameRequest((params): WorkspaceEdit | null =>
    withDocument('rename', params.textDocument.uri, null, (doc) => {
      const uri = params.textDocument.uri;
      const result = service.rename(doc, offsetOf(doc, params.position), params.newName);
      if ('refused' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, plain(result.refused));
      if (!annotations) return { changes: { [uri]: result.map((e) => ({ range: range(doc, e.span), newText: e.newText })) } };
      // Each edit says what it changes (shown in the editor's rename preview).
      const changeAnnotations: NonNullable<WorkspaceEdit['changeAnnotations']> = {};
      const edits = result.map((e, i) => {
        const id = `tenant-${i}`;
        changeAnnotations[id] = { label: plain(e.label), needsConfirmation: false };
        return { range: range(doc, e.span), newText: e.newText, annotationId: id };
      });
      return { documentChanges: [{ textDocument: { uri, version: null }, edits }], changeAnnotations };
    }),
  );

  return {
    warmUp(uri: string): void {
      const doc = documentOf(uri);
      if (!doc) return;
      // A few places of each top-level section, so that every kind of completion and hover runs once: a key (its
      // hover) and the end of its line (completion of its value or of the keys below), a list item's value.
      const places: Position[] = [];
      let keys = 0;
      let items = 0;
      const lines = Math.min(doc.lines.lineCount, WARM_UP_LINES);
      for (let line = 0; line < lines && places.length < WARM_UP_PLACES; line++) {
        const lineText = doc.lines.lineText(line);
        const key = KEY_LINE.exec(lineText);
        if (key && key[1].length === 0) keys = items = 0;
        if (key && keys++ < 3)
          places.push({ line, character: lineText.indexOf(key[2], key[1].length) }, { line, character: lineText.length });
        else if (!key && ITEM_LINE.test(lineText) && items++ < 1) places.push({ line, character: lineText.length });
      }
      for (const position of places) {
        completionAt(uri, position);
        hoverAt(uri, position);
      }
    },

    capabilities(client: ClientCapabilities): ServerCapabilities {
      snippets = client.textDocument?.completion?.completionItem?.snippetSupport ?? false;
      const formats = client.textDocument?.hover?.contentFormat ?? client.textDocument?.completion?.completionItem?.documentationFormat;
      // As the protocol says: Markdown only to a client that declares it.
      markdown = formats?.includes(MarkupKind.Markdown) ?? false;
      annotations = !!client.workspace?.workspaceEdit?.changeAnnotationSupport && !!client.workspace.workspaceEdit.documentChanges;
      return {
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: { label: 'Imprivata' },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        renameProvider: { prepareProvider: true },
      };
    },
  };
}

/** Markdown as plain text: the code marks and escapes dropped, a link as its text and target. */
function plain(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 <$2>')
    .replace(/\*\*/g, '')
    .replace(/`/g, '')
    .replace(/\\([\\*_<>[\]])/g, '$1');
}
