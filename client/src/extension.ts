/**
 * The VS Code shell: starts the language server, shows a status bar item for
 * the active configuration file and a log channel. All analysis is in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
import type { DocumentSelector, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { registerPreflight } from './preflight/commands';
import type { PreflightApi } from './preflight/commands';
import { PROJECT_FILE_GLOB, projectFilePatterns } from './project-files';

const LANGUAGE_ID = 'imprivata-yaml';
const DEFAULT_GLOBS = ['**/imprivata-enterprise*.yaml', '**/imprivata-enterprise*.yml'];
const SOURCE = 'imprivata';

/** What the extension exposes to other extensions and to its own tests. */
export interface ImprivataApi {
  /** Resolves once the language client has started. */
  ready: Promise<void>;
  /** The status bar text for the active editor ('' when hidden). */
  statusBarText(): string;
  outputChannelName: string;
  preflight: PreflightApi;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): ImprivataApi {
  const output = vscode.window.createOutputChannel('Imprivata Config', { log: true });
  const status = vscode.window.createStatusBarItem('imprivata.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Imprivata Config';
  status.command = 'workbench.actions.view.problems';
  context.subscriptions.push(output, status);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };

  function globs(): string[] {
    const configured = vscode.workspace.getConfiguration('imprivata').get<string[]>('files');
    return Array.isArray(configured) && configured.length ? configured : DEFAULT_GLOBS;
  }

  /** The trusted workspace's project files' `files` patterns (project-files.ts), read before each start. */
  let projectPatterns: string[] = [];

  function documentSelector(): DocumentSelector {
    return [
      { language: LANGUAGE_ID },
      ...[...globs(), ...projectPatterns].flatMap((pattern) => [
        { language: 'yaml', pattern },
        { language: LANGUAGE_ID, pattern },
      ]),
    ];
  }

  function isConfigDocument(document: vscode.TextDocument): boolean {
    return vscode.languages.match(documentSelector() as vscode.DocumentSelector, document) > 0;
  }

  function updateStatus(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isConfigDocument(editor.document)) {
      status.hide();
      status.text = '';
      return;
    }
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === SOURCE);
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const infos = diagnostics.length - errors - warnings;
    if (!client || client.state !== State.Running) {
      status.text = '$(sync~spin) Imprivata';
      status.tooltip = 'Imprivata Config: starting the language server';
    } else if (diagnostics.length === 0) {
      status.text = '$(check) Imprivata';
      status.tooltip = 'Imprivata Config: no problems in this file';
    } else {
      const parts = [plural(errors, 'error'), plural(warnings, 'warning'), plural(infos, 'note')].filter(Boolean);
      status.text = `${errors ? '$(error)' : '$(warning)'} Imprivata: ${parts.join(', ')}`;
      status.tooltip = 'Imprivata Config: show the Problems panel';
    }
    status.show();
  }

  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    synchronize: {
      configurationSection: 'imprivata',
      // Config files (the workspace rule IMP-IDP-002) and images (the logo rules).
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,png,jpg,jpeg,gif,PNG,JPG,JPEG,GIF}'),
    },
    initializationOptions: {
      settings: { files: globs(), rules: vscode.workspace.getConfiguration('imprivata').get('rules') ?? {} },
      // Restricted Mode: the project file's severities apply, its `files` patterns do not widen what is read.
      trusted: vscode.workspace.isTrusted,
    },
  };

  async function start(): Promise<void> {
    projectPatterns = await projectFilePatterns();
    if (projectPatterns.length) output.info(`project files select: ${projectPatterns.join(', ')}`);
    clientOptions.documentSelector = documentSelector();
    client = new LanguageClient('imprivata', 'Imprivata Config', serverOptions, clientOptions);
    client.onDidChangeState(updateStatus);
    const started = Date.now();
    await client.start();
    output.info(`language server started in ${Date.now() - started} ms`);
    updateStatus();
  }

  async function restart(): Promise<void> {
    (clientOptions.initializationOptions as { trusted: boolean }).trusted = vscode.workspace.isTrusted;
    if (client) await client.stop();
    await start();
  }

  // A project file's `files` decide the document selector too: when they change, restart (trusted only).
  const projectFileWatcher = vscode.workspace.createFileSystemWatcher(PROJECT_FILE_GLOB);
  // One check at a time, so that two events never restart the client twice over.
  let projectCheck = Promise.resolve();
  const projectFileChanged = (): Promise<void> =>
    (projectCheck = projectCheck
      .then(async () => {
        if (!vscode.workspace.isTrusted) return;
        const patterns = await projectFilePatterns();
        if (patterns.join('\n') === projectPatterns.join('\n')) return;
        output.info('a project file changed its files patterns: restarting the language server');
        await restart();
      })
      .catch((error: unknown) =>
        output.error(`restarting after a project file change failed: ${error instanceof Error ? error.message : String(error)}`),
      ));
  projectFileWatcher.onDidCreate(projectFileChanged);
  projectFileWatcher.onDidChange(projectFileChanged);
  projectFileWatcher.onDidDelete(projectFileChanged);

  context.subscriptions.push(
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Which files are ours decides the client's document selector: that needs a restart.
      if (event.affectsConfiguration('imprivata.files')) void restart();
    }),
    // Trust granted: the server may now use the project file's `files` patterns.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
    projectFileWatcher,
    // A watcher can miss an event (one that came before it was running, a network drive): a YAML document that is
    // not ours when opened has the project files read again.
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (document.languageId === 'yaml' && document.uri.scheme === 'file' && !isConfigDocument(document)) void projectFileChanged();
    }),
    vscode.commands.registerCommand('imprivata.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('imprivata.restartServer', restart),
    { dispose: () => void client?.stop() },
  );

  const ready = start().catch((error: unknown) => {
    output.error(`the language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  });

  const preflight = registerPreflight(context, () => client, output);
  return { ready, statusBarText: () => status.text, outputChannelName: output.name, preflight };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

function plural(count: number, word: string): string {
  return count === 0 ? '' : `${count} ${word}${count === 1 ? '' : 's'}`;
}
