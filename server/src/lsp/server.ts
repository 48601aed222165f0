import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeActionKind, DidChangeConfigurationNotification, FileChangeType, TextDocumentSyncKind } from 'vscode-languageserver';
import type { CodeAction, Connection, Diagnostic, InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, summarize } from '../core/analyze';
import { ConfigDocument, reparseWithEdit } from '../core/document';
import type { OffsetEdit } from '../core/document';
import type { AnalysisSettings, Finding, RuleSeverityOverride } from '../core/types';
import { nodeFileReader } from '../node/files';
import { SOURCE, toCodeAction, toDiagnostic } from './convert';
import { PREFLIGHT_COMMANDS, registerPreflightCommands } from './preflight-commands';
import { WorkspaceIndex } from './workspace';

export const LANGUAGE_ID = 'imprivata-yaml';
/** How long after a file event the files it names are read again, in case they were still being written. */
const FILE_SETTLE_MS = 250;
/** How often the logos of open documents are checked for changes the file watcher did not report. */
const LOGO_POLL_MS = 2000;

export const DEFAULT_FILE_GLOBS = ['**/imprivata-enterprise*.yaml', '**/imprivata-enterprise*.yml'];

export interface ServerSettings {
  files: string[];
  rules: Record<string, RuleSeverityOverride>;
}

/** An open document and the edits made to it since it was last analyzed (undefined: replaced wholesale). */
interface OpenDocument {
  document: TextDocument;
  edits: OffsetEdit[] | undefined;
}

/** One analyzed version of an open document: parsed once, shared by every feature. */
interface Analysis {
  version: number;
  doc: ConfigDocument;
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** The logo file this analysis read, and its size and modification time then ('' when absent). */
  logo?: { path: string; stamp: string };
}

/**
 * Wires the pure core to the protocol: keeps documents, analyzes each version
 * once, publishes diagnostics, answers quick fixes from the same analysis.
 */
export function startServer(connection: Connection): void {
  const documents = new Map<string, OpenDocument>();
  const analyses = new Map<string, Analysis>();
  const index = new WorkspaceIndex(DEFAULT_FILE_GLOBS);
  let settings: ServerSettings = { files: DEFAULT_FILE_GLOBS, rules: {} };
  let configurationPull = false;
  let folderEvents = false;
  let progressCreate = false;
  let workspaceFolders: string[] = [];

  // Validation is not debounced by time: changes queue up while the event loop is
  // busy and only the newest version of each document is analyzed.
  const queued = new Set<string>();
  let flushScheduled = false;
  function schedule(uri: string): void {
    queued.add(uri);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  }
  function flush(): void {
    flushScheduled = false;
    const uris = [...queued];
    queued.clear();
    for (const uri of uris) {
      const open = documents.get(uri);
      if (open) validate(open);
    }
  }

  function filePathOf(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }

  function isConfig(document: TextDocument): boolean {
    if (document.languageId === LANGUAGE_ID) return true;
    const filePath = filePathOf(document.uri);
    return filePath !== undefined && index.matches(filePath);
  }

  /** The parsed tree of the new version: incrementally from the last one when only a scalar was edited. */
  function parse(open: OpenDocument, previous: Analysis | undefined, filePath: string | undefined): ConfigDocument {
    const text = open.document.getText();
    const edits = open.edits;
    open.edits = [];
    // Same text, new context (settings, other files, the logo): the tree is still good.
    if (previous && edits && edits.length === 0 && previous.doc.text === text) return previous.doc;
    if (previous && edits && edits.length === 1) {
      // The common case, one keystroke: no intermediate copies of the text.
      const doc = reparseWithEdit(previous.doc, text, edits[0]);
      if (doc) return doc;
    } else if (previous && edits && edits.length > 1 && edits.length <= 8) {
      let doc: ConfigDocument | undefined = previous.doc;
      let current = doc.text;
      for (const edit of edits) {
        current = current.slice(0, edit.start) + edit.text + current.slice(edit.end);
        doc = reparseWithEdit(doc, current, edit);
        if (!doc) break;
      }
      // The tree of `previous` may now be updated in place: it is replaced below either way.
      if (doc && doc.text === text) return doc;
    }
    const doc = new ConfigDocument(text, filePath);
    // A full parse of a large text leaves its whole token tree behind: collect it before the analysis
    // allocates on top of it, so the peak footprint is the parse's, not the parse's plus the analysis'.
    if (text.length >= LARGE_TEXT) collectGarbageNow();
    return doc;
  }

  function validate(open: OpenDocument): void {
    const document = open.document;
    if (!isConfig(document)) return;
    const existing = analyses.get(document.uri);
    if (existing && existing.version === document.version) return;
    const filePath = filePathOf(document.uri);
    let analysis: Analysis;
    try {
      const doc = parse(open, existing, filePath);
      if (filePath && index.update(summarize(doc))) revalidateOthers(document.uri);
      const analysisSettings: AnalysisSettings = { rules: settings.rules };
      const findings = analyze(doc, { files: nodeFileReader, workspace: index.others(filePath), settings: analysisSettings });
      analysis = { version: document.version, doc, findings, diagnostics: findings.map((f) => toDiagnostic(f, document.uri)) };
    } catch (error) {
      // analyze() guards each rule; this is the last line of defence, so the server never dies on input.
      const message = error instanceof Error ? error.message : String(error);
      connection.console.error(`internal error while analyzing ${document.uri}: ${message}`);
      analysis = {
        version: document.version,
        doc: new ConfigDocument('', filePath),
        findings: [],
        diagnostics: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            severity: 1,
            source: SOURCE,
            code: 'IMP-INTERNAL',
            message: `Internal error while checking this file: ${message}. Please report it.`,
          },
        ],
      };
    }
    const logoPath = logoPathOf(analysis.doc);
    if (logoPath) analysis.logo = { path: logoPath, stamp: fileStamp(logoPath) };
    analyses.set(document.uri, analysis);
    releaseMemoryAfter(analysis.doc.text.length);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: analysis.diagnostics });
  }

  /** Forces a fresh analysis (settings or other files changed); the parsed tree is still reused. */
  function invalidate(uri: string): void {
    const analysis = analyses.get(uri);
    if (analysis) analysis.version = -1;
    schedule(uri);
  }

  function revalidateOthers(exceptUri: string): void {
    for (const [uri, open] of documents) {
      if (uri !== exceptUri && isConfig(open.document)) invalidate(uri);
    }
  }

  function revalidateAll(): void {
    for (const uri of documents.keys()) invalidate(uri);
  }

  /** New settings; a change of the file globs changes which files form the workspace: scan again. */
  function applySettings(next: ServerSettings, rescan: boolean): void {
    const globsChanged = next.files.join('\n') !== settings.files.join('\n');
    settings = next;
    index.setGlobs(settings.files);
    if (rescan && globsChanged) {
      index.forget();
      index.scan(workspaceFolders);
    }
  }

  async function pullSettings(rescan = true): Promise<void> {
    if (!configurationPull) return;
    try {
      const value = (await connection.workspace.getConfiguration('imprivata')) as Partial<ServerSettings> | null;
      applySettings(normalizeSettings(value ?? {}), rescan);
    } catch (error) {
      connection.console.warn(`could not read settings: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  connection.onInitialize((params): InitializeResult => {
    configurationPull = !!params.capabilities.workspace?.configuration;
    const options = params.initializationOptions as { settings?: Partial<ServerSettings> } | undefined;
    if (options?.settings) applySettings(normalizeSettings(options.settings), false);
    folderEvents = !!params.capabilities.workspace?.workspaceFolders;
    progressCreate = !!params.capabilities.window?.workDoneProgress;
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => filePathOf(f.uri)).filter((p): p is string => !!p);
    if (workspaceFolders.length === 0 && params.rootUri) {
      const root = filePathOf(params.rootUri);
      if (root) workspaceFolders = [root];
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        executeCommandProvider: { commands: PREFLIGHT_COMMANDS },
      },
      serverInfo: { name: 'imprivata-config', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (configurationPull) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'imprivata' });
    }
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        for (const folder of removed) {
          const folderPath = filePathOf(folder.uri);
          if (!folderPath) continue;
          workspaceFolders = workspaceFolders.filter((f) => f !== folderPath);
          index.forget(folderPath);
        }
        const addedPaths = added.map((f) => filePathOf(f.uri)).filter((p): p is string => !!p);
        workspaceFolders.push(...addedPaths);
        index.scan(addedPaths);
        revalidateAll();
      });
    }
    await pullSettings(false);
    const started = Date.now();
    const count = index.scan(workspaceFolders);
    connection.console.log(`indexed ${count} configuration file(s) in ${Date.now() - started} ms`);
    revalidateAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (configurationPull) await pullSettings();
    else {
      const section = (change.settings as { imprivata?: Partial<ServerSettings> } | null)?.imprivata;
      if (section) applySettings(normalizeSettings(section), true);
    }
    revalidateAll();
  });

  /**
   * Re-reads what changed on disk: other configurations (the workspace rule) and logos. A file event can
   * arrive while the file is still being written (truncated, then written), so everything it touches is
   * read again once more after FILE_SETTLE_MS.
   */
  function filesChanged(changes: { uri: string; type: number }[], settled: boolean): void {
    let workspaceChanged = false;
    const touched = new Set<string>();
    for (const change of changes) {
      const filePath = filePathOf(change.uri);
      if (!filePath) continue;
      touched.add(path.resolve(filePath));
      if (index.matches(filePath) && !documents.get(change.uri)) {
        if (change.type === FileChangeType.Deleted) index.delete(filePath);
        else index.refreshFromDisk(filePath);
        workspaceChanged = true;
      }
    }
    let affected = workspaceChanged;
    for (const uri of documents.keys()) {
      const analysis = analyses.get(uri);
      if (analysis && (workspaceChanged || dependsOn(analysis.doc, touched))) {
        invalidate(uri);
        affected = true;
      }
    }
    if (affected && !settled) setTimeout(() => filesChanged(changes, true), FILE_SETTLE_MS);
  }

  connection.onDidChangeWatchedFiles(({ changes }) => filesChanged(changes, false));

  // File events can be lost (a watcher that missed a new folder, network drives): the logos of open
  // documents are also checked by size and modification time every LOGO_POLL_MS. A stat per open logo.
  setInterval(() => {
    for (const [uri, analysis] of analyses) {
      if (analysis.logo && fileStamp(analysis.logo.path) !== analysis.logo.stamp) invalidate(uri);
    }
  }, LOGO_POLL_MS).unref();

  registerPreflightCommands(
    connection,
    (uri) => documents.get(uri)?.document.getText(),
    () => progressCreate,
  );

  connection.onCodeAction((params): CodeAction[] => {
    const analysis = analyses.get(params.textDocument.uri);
    if (!analysis) return [];
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const finding = analysis.findings.find(
        (f) =>
          f.ruleId === diagnostic.code &&
          f.range.start.line === diagnostic.range.start.line &&
          f.range.start.character === diagnostic.range.start.character &&
          f.range.end.line === diagnostic.range.end.line &&
          f.range.end.character === diagnostic.range.end.character,
      );
      for (const fix of finding?.fixes ?? []) actions.push(toCodeAction(fix, diagnostic, params.textDocument.uri));
    }
    return actions;
  });

  // Document sync by hand rather than with TextDocuments: the incremental parse
  // needs the edits themselves, not only the resulting text.
  connection.onDidOpenTextDocument(({ textDocument: t }) => {
    documents.set(t.uri, { document: TextDocument.create(t.uri, t.languageId, t.version, t.text), edits: undefined });
    analyses.delete(t.uri);
    schedule(t.uri);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const open = documents.get(textDocument.uri);
    if (!open) return;
    for (const change of contentChanges) {
      if ('range' in change) {
        const start = open.document.offsetAt(change.range.start);
        const end = open.document.offsetAt(change.range.end);
        // Past a handful of pending edits a full parse is as cheap, so stop recording them.
        if (open.edits && open.edits.length < 8) open.edits.push({ start, end, text: change.text });
        else open.edits = undefined;
      } else {
        open.edits = undefined;
      }
      open.document = TextDocument.update(open.document, [change], textDocument.version);
    }
    schedule(textDocument.uri);
  });

  connection.onDidCloseTextDocument(({ textDocument: { uri } }) => {
    documents.delete(uri);
    analyses.delete(uri);
    queued.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    const filePath = filePathOf(uri);
    // Other files should see what is on disk again, not the closed buffer.
    if (filePath && index.matches(filePath)) {
      index.refreshFromDisk(filePath);
      revalidateOthers(uri);
    }
  });
}

/**
 * Every version of a large document leaves its whole text (and the analysis' short-lived data) behind as
 * garbage in V8's old generation, which V8 lets grow far before collecting when the machine has memory to
 * spare. After every MEMORY_RELEASE_BYTES of analyzed text, a full collection runs once the event loop is idle,
 * so the server's footprint stays near what it really holds.
 */
const MEMORY_RELEASE_BYTES = 8 * 1024 * 1024;
let analyzedSinceRelease = 0;
const collectGarbage: (() => void) | undefined = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

/** Texts at least this long count as large for memory management. */
const LARGE_TEXT = 256 * 1024;

function collectGarbageNow(): void {
  analyzedSinceRelease = 0;
  collectGarbage?.();
}

function releaseMemoryAfter(textLength: number): void {
  analyzedSinceRelease += textLength;
  if (!collectGarbage || analyzedSinceRelease < MEMORY_RELEASE_BYTES) return;
  analyzedSinceRelease = 0;
  setImmediate(collectGarbage);
}

/** The absolute path of the logo a document names, if any. */
function logoPathOf(doc: ConfigDocument): string | undefined {
  const logo = doc.string(['cloudPlatform', 'logo'])?.trim();
  if (!logo || !doc.filePath) return undefined;
  return path.resolve(path.dirname(doc.filePath), logo);
}

/** Whether a document's analysis read a file among `paths` (its logo). */
function dependsOn(doc: ConfigDocument, paths: Set<string>): boolean {
  const logo = logoPathOf(doc);
  return logo !== undefined && paths.has(logo);
}

function fileStamp(filePath: string): string {
  try {
    const stat = statSync(filePath);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return '';
  }
}

const OVERRIDES = new Set(['off', 'error', 'warning', 'information', 'hint']);

export function normalizeSettings(raw: Partial<ServerSettings>): ServerSettings {
  const files =
    Array.isArray(raw.files) && raw.files.every((g) => typeof g === 'string') && raw.files.length ? raw.files : DEFAULT_FILE_GLOBS;
  const rules: Record<string, RuleSeverityOverride> = {};
  for (const [id, value] of Object.entries(raw.rules ?? {})) {
    const v = String(value).toLowerCase();
    if (OVERRIDES.has(v)) rules[id.toUpperCase()] = v as RuleSeverityOverride;
  }
  return { files, rules };
}
