/** A small LSP client over a real stdio connection to the bundled server, for tests and the benchmark. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER_JS = path.resolve(__dirname, '../../../dist/server.js');

export interface Published {
  version?: number;
  diagnostics: Diagnostic[];
  /** performance.now() when it arrived. */
  at: number;
}

export class TestLspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly published = new Map<string, Published[]>();
  private waiters: { uri: string; predicate: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];
  settings: { files?: string[]; rules?: Record<string, string> } = {};
  /** Answers workspace/configuration per section; by default `settings` for every section. */
  configuration: (section: string | undefined) => unknown = () => this.settings;
  stderr = '';
  logs: string[] = [];

  constructor(serverJs = SERVER_JS, execArgv: string[] = [], env: NodeJS.ProcessEnv = process.env) {
    this.process = spawn(process.execPath, [...execArgv, serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.process.on('error', (error) => (this.stderr += String(error)));
    this.process.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout as NodeJS.ReadableStream),
      new StreamMessageWriter(this.process.stdin as NodeJS.WritableStream),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const entry: Published = { version: params.version, diagnostics: params.diagnostics, at: performance.now() };
      const list = this.published.get(params.uri) ?? [];
      list.push(entry);
      this.published.set(params.uri, list);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === params.uri && w.predicate(entry)) {
          w.resolve(entry);
          return false;
        }
        return true;
      });
    });
    this.connection.onNotification('window/logMessage', (params: unknown) => {
      this.logs.push(String((params as { message?: string }).message));
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => this.configuration(item.section)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  async initialize(rootDir?: string): Promise<void> {
    const rootUri = rootDir ? pathToFileURL(rootDir).toString() : null;
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'test' }] : null,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the next publication for `uri` that satisfies `predicate` (already-received ones count if `includePast`). */
  waitFor(uri: string, predicate: (p: Published) => boolean = () => true, timeoutMs = 10000): Promise<Published> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      this.waiters.push({
        uri,
        predicate,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  open(uri: string, text: string, languageId = 'imprivata-yaml', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(
    uri: string,
    version: number,
    changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[],
  ): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      const exited = new Promise((resolve) => (this.process.exitCode !== null ? resolve(undefined) : this.process.once('exit', resolve)));
      await this.connection.sendNotification('exit');
      // Let the server exit as it does under an editor; kill it only if it does not.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    } catch {
      // The process may already be gone; killing it below is enough.
    }
    this.connection.dispose();
    this.process.kill();
  }
}
