/** A small LSP client over a real stdio connection to the bundled server, for tests and the benchmark. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  settings: { files?: string[]; rules?: Record<string, string>; limits?: { maxFileSize?: number; maxLineLength?: number } } = {};
  /** Answers workspace/configuration per section; by default `settings` for every section. */
  configuration: (section: string | undefined) => unknown = () => this.settings;
  stderr = '';
  logs: string[] = [];
  /** Sent as `initializationOptions` (e.g. `{ trusted: false }`, as VS Code's client does in Restricted Mode). */
  initializationOptions: unknown = undefined;

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
      initializationOptions: this.initializationOptions,
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

  /** Sends a request; rejects when no answer (result or error) comes within `timeoutMs`. */
  request<T = unknown>(method: string, params: unknown, timeoutMs = 10000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.connection.sendRequest(method, params).then(
        (result) => {
          clearTimeout(timer);
          resolve(result as T);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** The server process's resident set size in KiB, from /proc (Linux). */
  rssKiB(): number {
    return residentKiB(this.process.pid);
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

/** VmRSS of a process in KiB, read from /proc/<pid>/status. */
export function residentKiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/** A JSON-RPC message as the raw client reads it. */
export interface RawMessage {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/**
 * The server over stdio without a JSON-RPC library on our side: writes whatever bytes a test gives it (malformed
 * framing included) and reads the framed messages the server writes back.
 */
export class RawLspProcess {
  readonly process: ChildProcess;
  readonly messages: RawMessage[] = [];
  stderr = '';
  private buffer = Buffer.alloc(0);
  private listeners: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(serverJs = SERVER_JS) {
    this.process = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.process.stdout?.on('data', (chunk: Buffer) => this.read(chunk));
    // EPIPE when the server already exited: the test looks at the exit code instead.
    this.process.stdin?.on('error', () => undefined);
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
  }

  static frame(message: object): Buffer {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
  }

  write(bytes: Buffer | string): void {
    this.process.stdin?.write(bytes);
  }

  send(message: object): void {
    this.write(RawLspProcess.frame({ jsonrpc: '2.0', ...message }));
  }

  /** Sends a request and resolves with the response to it. */
  async request(id: number, method: string, params?: unknown, timeoutMs = 10000): Promise<RawMessage> {
    this.send({ id, method, params });
    return this.waitFor((m) => m.id === id && m.method === undefined, timeoutMs);
  }

  async initialize(id = 1): Promise<RawMessage> {
    const response = await this.request(id, 'initialize', { processId: null, rootUri: null, capabilities: {} });
    this.send({ method: 'initialized', params: {} });
    return response;
  }

  waitFor(predicate: (message: RawMessage) => boolean, timeoutMs = 10000): Promise<RawMessage> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.messages.find(predicate);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
        return !!found;
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`no matching message within ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      const listener = () => {
        if (check()) this.listeners = this.listeners.filter((l) => l !== listener);
      };
      if (!check()) this.listeners.push(listener);
    });
  }

  /** Resolves with the exit code, or 'running' when the process is still alive after `timeoutMs`. */
  async exitCode(timeoutMs = 5000): Promise<number | null | 'running'> {
    return Promise.race([this.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), timeoutMs))]);
  }

  kill(): void {
    if (this.process.exitCode === null) this.process.kill();
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'))?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      this.messages.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as RawMessage);
      this.buffer = this.buffer.subarray(end + 4 + length);
      for (const listener of [...this.listeners]) listener();
    }
  }
}
