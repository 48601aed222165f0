import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DidChangeConfigurationNotification, ErrorCodes, FileChangeType, ResponseError, TextDocumentSyncKind } from 'vscode-languageserver';
import type { CodeAction, Connection, InitializeResult } from 'vscode-languageserver';
import { createEditorLanguageService } from '../core/editor-features';
import { fileStamp, nodeFileReader, statPath } from '../node/files';
import { Analyzer } from './analyzer';
import type { Analysis } from './analyzer';
import { CODE_ACTION_KINDS, FIX_ALL_KIND, codeActionsFor, fixAllAction, wantsKind } from './codeActions';
import { applyChanges, closeDocument, openDocument, parseCurrent } from './documents';
import { LARGE_TEXT, releaseLargeDocument } from './memory';
import { noteDocumentLength } from './optimizer';
import type { OpenDocument } from './documents';
import { registerFeatures } from './features';
import { WarmUp } from './warm-up';
import { describeMalformed, documentUriOf, isContentChange, isTextDocumentItem } from './protocolParams';
import { projectFilesMatch } from '../core/project-config';
import type { ProjectConfig } from '../core/project-config';
import { loadProjectConfigFor, PROJECT_CONFIG_FILE_NAME } from '../node/project-config';
import { DEFAULT_FILE_GLOBS, LANGUAGE_ID, normalizeSettings } from './settings';
import type { ServerSettings } from './settings';
import { IncomingChanges } from './incoming';
import { PREFLIGHT_COMMANDS, registerPreflightCommands } from './preflight-commands';
import { WorkspaceIndex } from './workspace';

/** How long after a file event the files it names are read again, in case they were still being written. */
const FILE_SETTLE_MS = 250;
/** How often the files analyses read (the logos) are checked for changes the file watcher did not report. */
const DEPENDENCY_POLL_MS = 2000;

/**
 * Wires the pure core to the protocol: keeps documents, analyzes each generation once (analyzer.ts), publishes
 * diagnostics, answers quick fixes from the same analysis.
 */
export function startServer(connection: Connection, incoming = new IncomingChanges(), warmUp = new WarmUp()): void {
  const documents = new Map<string, OpenDocument>();
  const index = new WorkspaceIndex(DEFAULT_FILE_GLOBS, (filePath, why) => connection.console.warn(`skipped ${filePath}: ${why}`));
  let settings: ServerSettings = { files: DEFAULT_FILE_GLOBS, rules: {}, limits: {} };
  let configurationPull = false;
  let folderEvents = false;
  let progressCreate = false;
  let workspaceFolders: string[] = [];
  /** Whether the client's workspace is trusted (VS Code's Restricted Mode sends false); other editors: trusted. */
  let trusted = true;
  /** What the workspace scan at `initialize` found, logged once the client is initialized. */
  let foundAtStart: { count: number; ms: number } | undefined;

  // The one language service: every analysis and code action goes through it (the server keeps documents only).
  const service = createEditorLanguageService({ files: nodeFileReader });
  const analyzer = new Analyzer({
    documents,
    service,
    isConfig,
    changePending: (uri) => incoming.pending(uri),
    prepare(open) {
      const analysisSettings = settingsFor(open.filePath);
      const doc = parseCurrent(open, service, analysisSettings.limits);
      if (open.filePath && index.update(service.summarize(doc))) revalidateOthers(open.uri);
      return { doc, options: { workspace: index.others(open.filePath), settings: analysisSettings } };
    },
    publish(uri, version, diagnostics) {
      void connection.sendDiagnostics({ uri, version, diagnostics });
      warmUp.afterPublish(uri, warmUpFeatures);
    },
    logError(message) {
      connection.console.error(message);
    },
  });

  // Completion, hover, outline, links, rename (features.ts): the service's methods on the current text's snapshot.
  const features = registerFeatures(connection, service, (uri) => {
    const open = documents.get(uri);
    return open && isConfig(open) ? parseCurrent(open, service, settingsFor(open.filePath).limits) : undefined;
  });

  /** Run once per server (warm-up.ts), made once: `publish` runs on every analysis. */
  function warmUpFeatures(uri: string): void {
    const started = performance.now();
    features.warmUp(uri);
    connection.console.log(`completion and hover made ready on ${uri} in ${(performance.now() - started).toFixed(1)} ms`);
  }

  function isConfig(open: OpenDocument): boolean {
    if (open.document.languageId === LANGUAGE_ID) return true;
    if (open.filePath === undefined) return false;
    if (index.matches(open.filePath)) return true;
    // The project file's `files` patterns widen what is validated only in a trusted workspace.
    const project = trusted ? projectConfigOf(open.filePath) : undefined;
    return project?.files !== undefined && projectFilesMatch(project, open.filePath);
  }

  /**
   * The severities and the size limits (IMP-DOC-006) for a file, with one look-up of its project file: the project
   * file's (`.imprivata-config.yaml`, the nearest above it, not above its workspace folder), then the editor's
   * `imprivata.rules` and `imprivata.limits`, which win per rule and per limit. They apply in Restricted Mode too:
   * they only change severities and how much is read.
   */
  function settingsFor(filePath: string | undefined): Pick<ServerSettings, 'rules' | 'limits'> {
    const project = filePath ? projectConfigOf(filePath) : undefined;
    if (!project) return { rules: settings.rules, limits: settings.limits };
    return { rules: { ...project.rules, ...settings.rules }, limits: { ...project.limits, ...settings.limits } };
  }

  function projectConfigOf(filePath: string): ProjectConfig | undefined {
    const folder = workspaceFolders.find((f) => filePath.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
    try {
      return loadProjectConfigFor(filePath, folder ? { stopAt: folder } : {});
    } catch (error) {
      connection.console.warn(`could not read the project file for ${filePath}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  function revalidateOthers(exceptUri: string): void {
    for (const [uri, open] of documents) {
      if (uri !== exceptUri && isConfig(open)) analyzer.invalidate(open);
    }
  }

  function revalidateAll(): void {
    for (const open of documents.values()) analyzer.invalidate(open);
  }

  function refreshFromDisk(filePath: string): void {
    const skipped = index.refreshFromDisk(filePath);
    if (skipped) connection.console.warn(`skipped ${filePath}: ${skipped}`);
  }

  function scan(folders: string[]): number {
    return index.scan(folders);
  }

  /** New settings; a change of the file globs changes which files form the workspace: scan again. */
  function applySettings(next: ServerSettings, rescan: boolean): void {
    const globsChanged = next.files.join('\n') !== settings.files.join('\n');
    settings = next;
    index.setGlobs(settings.files);
    if (rescan && globsChanged) {
      index.forget();
      scan(workspaceFolders);
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

  // A second `initialize`, and anything before the first, is refused before it gets here (protocolGate.ts).
  connection.onInitialize((params): InitializeResult => {
    configurationPull = !!params.capabilities.workspace?.configuration;
    const options = params.initializationOptions as { settings?: Partial<ServerSettings>; trusted?: unknown } | undefined;
    trusted = options?.trusted !== false;
    if (options?.settings) applySettings(normalizeSettings(options.settings), false);
    folderEvents = !!params.capabilities.workspace?.workspaceFolders;
    progressCreate = !!params.capabilities.window?.workDoneProgress;
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => filePathOf(f.uri)).filter((p): p is string => !!p);
    if (workspaceFolders.length === 0 && params.rootUri) {
      const root = filePathOf(params.rootUri);
      if (root) workspaceFolders = [root];
    }
    // Found before any document is opened, so that the first analysis of a document sees the other files (they are
    // read when it needs them, see workspace.ts): its first diagnostics are not followed by others once the scan
    // is done, and a large document's first analysis is not started over.
    const scanStarted = Date.now();
    foundAtStart = { count: scan(workspaceFolders), ms: Date.now() - scanStarted };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        executeCommandProvider: { commands: PREFLIGHT_COMMANDS },
        ...features.capabilities(params.capabilities),
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
        scan(addedPaths);
        revalidateAll();
      });
    }
    if (foundAtStart) connection.console.log(`found ${foundAtStart.count} configuration file(s) in ${foundAtStart.ms} ms`);
    // The documents opened meanwhile were analyzed with the settings of `initialize`: again only if those changed.
    const before = JSON.stringify(settings);
    await pullSettings();
    if (JSON.stringify(settings) !== before) revalidateAll();
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
   * Re-reads what changed on disk: other configurations (the workspace rule) and the files analyses read (logos).
   * A file event can arrive while the file is still being written (truncated, then written), so everything it
   * touches is read again once more after FILE_SETTLE_MS. Only regular files are opened (workspace.ts).
   */
  function filesChanged(changes: readonly { uri: string; type: number }[], settled: boolean): void {
    let workspaceChanged = false;
    const touched = new Set<string>();
    for (const change of changes) {
      const filePath = filePathOf(change.uri);
      if (!filePath) continue;
      touched.add(path.resolve(filePath));
      // A project file changed, appeared or went: its severities (and patterns) may apply to any open document.
      if (path.basename(filePath) === PROJECT_CONFIG_FILE_NAME) workspaceChanged = true;
      if (index.matches(filePath) && !documents.get(change.uri)) {
        if (change.type === FileChangeType.Deleted) index.delete(filePath);
        else refreshFromDisk(filePath);
        workspaceChanged = true;
      }
    }
    let affected = workspaceChanged;
    for (const [uri, open] of documents) {
      const analysis = analyzer.latest(uri);
      if (workspaceChanged || (analysis && readAny(analysis, touched))) {
        analyzer.invalidate(open);
        affected = true;
      }
    }
    if (affected && !settled) setTimeout(() => filesChanged(changes, true), FILE_SETTLE_MS);
  }

  connection.onDidChangeWatchedFiles((params) => {
    const changes = Array.isArray(params?.changes) ? params.changes : [];
    filesChanged(
      changes.filter((c) => typeof c?.uri === 'string' && typeof c.type === 'number'),
      false,
    );
  });

  // File events can be lost (a watcher that missed a new folder, network drives): the files that open documents'
  // analyses read are also checked by kind, size and modification time every DEPENDENCY_POLL_MS. One stat each.
  // A change seen this way re-validates once the file has kept the same stamp for FILE_SETTLE_MS, so that a file
  // caught while it is being written (truncated, then filled) is not judged half-written.
  setInterval(() => {
    for (const [uri, analysis] of analyzer.entries()) {
      for (const [filePath, stamp] of analysis.dependencies) {
        const seen = fileStamp(statPath(filePath));
        if (seen === stamp) continue;
        setTimeout(() => {
          const open = documents.get(uri);
          if (open && analyzer.latest(uri) === analysis && fileStamp(statPath(filePath)) === seen) analyzer.invalidate(open);
        }, FILE_SETTLE_MS);
        break;
      }
    }
  }, DEPENDENCY_POLL_MS).unref();

  registerPreflightCommands(
    connection,
    (uri) => documents.get(uri)?.document.getText(),
    () => progressCreate,
  );

  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    const uri = documentUriOf(params);
    const diagnostics: unknown = (params as { context?: { diagnostics?: unknown } } | undefined)?.context?.diagnostics;
    if (!uri || !Array.isArray(diagnostics)) {
      throw new ResponseError(ErrorCodes.InvalidParams, 'textDocument/codeAction needs `textDocument.uri` and `context.diagnostics`.');
    }
    const open = documents.get(uri);
    if (!open) return [];
    // Fixes apply to the text their analysis was made from: the newest analysis when it was made from the current
    // text, else the current text's (the diagnostics are then found again by their fingerprint).
    let analysis: Analysis | undefined = analyzer.latest(uri);
    if (!analysis || analysis.textRevision !== open.textRevision) analysis = await analyzer.current(uri);
    if (!analysis) return [];
    const only: unknown = (params as { context?: { only?: unknown } }).context?.only;
    const actions = wantsKind(only, 'quickfix') ? codeActionsFor(uri, diagnostics, analysis, service) : [];
    // Fix-all analyzes up to MAX_FIX_PASSES versions: only when asked for by kind (source actions, on save), never
    // for the light bulb. It edits the text its snapshot was made from: only while that is still the document's.
    if (
      Array.isArray(only) &&
      wantsKind(only, FIX_ALL_KIND) &&
      analysis.analyzed &&
      documents.get(uri) === open &&
      analysis.textRevision === open.textRevision
    ) {
      const settings = settingsFor(open.filePath);
      // The same text as the analysis: its snapshot, or the compacted copy that replaced it (documents.ts).
      const fixAll = fixAllAction(uri, parseCurrent(open, service, settings.limits), service, {
        files: nodeFileReader,
        workspace: index.others(open.filePath),
        settings,
      });
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  });

  /** Pairs with IncomingChanges.noteReceived: every document sync notification with a string URI, valid or not. */
  function noteHandled(params: unknown): void {
    const uri = documentUriOf(params);
    if (uri !== undefined) incoming.noteHandled(uri);
  }

  connection.onDidOpenTextDocument((params) => {
    noteHandled(params);
    const item: unknown = params?.textDocument;
    if (!isTextDocumentItem(item)) return connection.console.error(describeMalformed('textDocument/didOpen', 'textDocument'));
    documents.set(item.uri, openDocument(item.uri, item.languageId, item.version, item.text, filePathOf(item.uri)));
    noteDocumentLength(item.text.length);
    analyzer.forget(item.uri);
    analyzer.schedule(item.uri);
  });

  connection.onDidChangeTextDocument((params) => {
    noteHandled(params);
    const uri = documentUriOf(params);
    const version: unknown = params?.textDocument?.version;
    const changes: unknown = params?.contentChanges;
    if (!uri || !Number.isSafeInteger(version) || !Array.isArray(changes) || !changes.every(isContentChange)) {
      return connection.console.error(describeMalformed('textDocument/didChange', 'textDocument or contentChanges'));
    }
    const open = documents.get(uri);
    if (!open) return;
    applyChanges(open, changes, version as number);
    noteDocumentLength(open.document.getText().length);
    analyzer.schedule(uri);
  });

  connection.onDidCloseTextDocument((params) => {
    noteHandled(params);
    const uri = documentUriOf(params);
    if (!uri) return connection.console.error(describeMalformed('textDocument/didClose', 'textDocument'));
    const open = documents.get(uri);
    documents.delete(uri);
    if (open) closeDocument(open);
    analyzer.forget(uri);
    if (open && open.document.getText().length >= LARGE_TEXT) releaseLargeDocument();
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    // Other files should see what is on disk again, not the closed buffer (which may be backed by a FIFO:
    // only a regular file is read).
    if (open?.filePath && index.matches(open.filePath)) {
      refreshFromDisk(open.filePath);
      revalidateOthers(uri);
    }
  });
}

function filePathOf(uri: string): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Whether an analysis read one of `paths`. */
function readAny(analysis: Analysis, paths: ReadonlySet<string>): boolean {
  for (const filePath of analysis.dependencies.keys()) if (paths.has(filePath)) return true;
  return false;
}
