// Shared by the extension-host tests. Every wait is driven by VS Code events
// (onDidChangeDiagnostics, onDidChangeActiveTextEditor, ...) and bounded by a timeout;
// no test sleeps for a fixed time.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import * as zlib from 'zlib';
import { formatExpectation, parseExpectations } from '../support/expectations';

export const EXTENSION_ID = 'imprivata-config.imprivata-config';
export const SOURCE = 'imprivata';
/** Generous: the first validation on a cold 2-core machine includes starting the server. */
export const DIAGNOSTICS_TIMEOUT_MS = 20_000;

/** Numbers the suite measures (activation, open → first diagnostics), reported by the runner. */
export const metrics: Record<string, number | string> = {};

/** What `activate()` returns (the client's contract). */
export interface ImprivataApi {
  ready: Promise<void>;
  statusBarText(): string;
  outputChannelName: string;
}

export function testPass(): string {
  return process.env.IMPRIVATA_TEST_PASS ?? 'electron';
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run must open a workspace folder');
  return folder.uri;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

export function brokenExamples(): vscode.Uri[] {
  const dir = path.join(workspaceRoot().fsPath, 'examples', 'broken');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => workspaceUri('examples', 'broken', name));
}

let apiPromise: Promise<ImprivataApi> | undefined;

/** Activates the extension (if the workspace has not already) and waits for its language client. */
export function extensionApi(): Promise<ImprivataApi> {
  apiPromise ??= (async () => {
    const extension = vscode.extensions.getExtension<ImprivataApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
    const api = await withTimeout(extension.activate(), 30_000, 'extension activation');
    assert.ok(api && typeof api.statusBarText === 'function', 'activate() must return the ImprivataApi object');
    await withTimeout(api.ready, 30_000, 'the language client to start (api.ready)');
    return api;
  })();
  return apiPromise;
}

export function withTimeout<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Resolves once `check()` returns a value other than undefined, re-checking after each of the
 * given events (once the other listeners of that event have run), or rejects after `ms` with
 * `describe()` in the message.
 */
export function waitFor<T>(check: () => T | undefined, events: vscode.Event<unknown>[], ms: number, describe: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    let done = false;
    const finish = (): void => {
      done = true;
      clearTimeout(timer);
      subscriptions.forEach((s) => s.dispose());
    };
    const attempt = (): void => {
      if (done) return;
      let value: T | undefined;
      try {
        value = check();
      } catch (error) {
        finish();
        reject(error);
        return;
      }
      if (value !== undefined) {
        finish();
        resolve(value);
      }
    };
    const timer = setTimeout(() => {
      if (done) return;
      finish();
      reject(new Error(`timed out after ${ms} ms: ${describe()}`));
    }, ms);
    for (const event of events) subscriptions.push(event(() => setImmediate(attempt)));
    attempt();
  });
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return String(code);
}

export function formatDiagnostic(d: vscode.Diagnostic): string {
  return formatExpectation({
    code: codeOf(d),
    startLine: d.range.start.line,
    startCharacter: d.range.start.character,
    endLine: d.range.end.line,
    endCharacter: d.range.end.character,
  });
}

export function formatAll(uri: vscode.Uri): string[] {
  return ourDiagnostics(uri).map(formatDiagnostic).sort();
}

/** Waits until the file's diagnostics (ours) satisfy `predicate`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  ms = DIAGNOSTICS_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const diagnostics = ourDiagnostics(uri);
      return predicate(diagnostics) ? diagnostics : undefined;
    },
    [vscode.languages.onDidChangeDiagnostics],
    ms,
    () => `${what} in ${vscode.workspace.asRelativePath(uri)}; it has: [${formatAll(uri).join('; ') || 'none'}]`,
  );
}

/**
 * Resolves on the next diagnostics change that concerns `uri` (an empty publication counts:
 * it is how "validated, nothing found" is told apart from "not validated yet").
 */
export function nextDiagnosticsChange(uri: vscode.Uri, what: string, ms = DIAGNOSTICS_TIMEOUT_MS): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(
        new Error(
          `timed out after ${ms} ms waiting for ${what}: no diagnostics were published for ${vscode.workspace.asRelativePath(uri)}`,
        ),
      );
    }, ms);
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === key)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(ourDiagnostics(uri));
      }
    });
  });
}

/**
 * Opens the file in an editor through the workbench (`vscode.open`), not through
 * `workspace.openTextDocument`: the latter keeps the document alive for minutes after its editor
 * closes, so closing would not close it.
 */
export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const key = uri.toString();
  const matches = (): vscode.TextEditor | undefined => {
    const editor = vscode.window.activeTextEditor;
    return editor && editor.document.uri.toString() === key ? editor : undefined;
  };
  await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
  return waitFor(
    matches,
    [vscode.window.onDidChangeActiveTextEditor],
    10_000,
    () => `an editor for ${vscode.workspace.asRelativePath(uri)}`,
  );
}

/** Reverts unsaved changes and closes every editor, so each test starts from the files on disk. */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme !== 'untitled')) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function expectedFor(text: string): string[] {
  return parseExpectations(text).map(formatExpectation).sort();
}

/** Replaces the first occurrence of `search` (which must exist) through a WorkspaceEdit. */
export async function replaceText(document: vscode.TextDocument, search: string, replacement: string): Promise<vscode.Range> {
  const offset = document.getText().indexOf(search);
  assert.ok(offset >= 0, `"${search}" not found in ${vscode.workspace.asRelativePath(document.uri)}`);
  const range = new vscode.Range(document.positionAt(offset), document.positionAt(offset + search.length));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, replacement);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the WorkspaceEdit was not applied');
  return new vscode.Range(range.start, document.positionAt(offset + replacement.length));
}

/** The 0-based range of `value` on the first line that contains `key:` followed by it. */
export function valueRange(text: string, key: string, value: string): vscode.Range {
  const lines = text.split(/\r?\n/);
  for (let line = 0; line < lines.length; line++) {
    const keyAt = lines[line].indexOf(`${key}:`);
    if (keyAt < 0) continue;
    const start = lines[line].indexOf(value, keyAt + key.length + 1);
    if (start >= 0) return new vscode.Range(line, start, line, start + value.length);
  }
  throw new Error(`no "${key}: ${value}" line`);
}

export async function writeFile(uri: vscode.Uri, content: string | Uint8Array): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
}

export async function removeIfExists(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
  } catch {
    /* already gone */
  }
}

/** A valid RGB PNG of the given size (solid colour), for the logo rules. */
export function png(width: number, height: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer): number => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.alloc(1 + width * 3, 0x40);
  row[0] = 0; // filter: none
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** VS Code's own performance marks in the extension host (epoch milliseconds). */
export function performanceMark(name: string): number | undefined {
  // The extension host keeps its marks on this global (vs/base/common/performance); not API,
  // so read defensively.
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): { name: string; startTime: number }[] } }).MonacoPerformanceMarks;
  return marks?.getMarks().find((m) => m.name === name)?.startTime;
}

/**
 * Asks test/vscode/run.mjs for a screenshot of the workbench once `selector` is visible, and
 * waits until it is written. Only when the runner set IMPRIVATA_TEST_SCREENSHOTS.
 */
export function requestScreenshot(name: string, selector: string, ms = 30_000): Promise<void> {
  const dir = process.env.IMPRIVATA_TEST_SCREENSHOTS;
  assert.ok(dir, 'screenshots were not requested by the runner');
  const done = path.join(dir, `${name}.done`);
  return new Promise((resolve, reject) => {
    const watcher = fs.watch(dir);
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve();
    };
    const check = (): void => {
      if (!fs.existsSync(done)) return;
      const content = fs.readFileSync(done, 'utf8');
      finish(content.startsWith('error') ? new Error(`screenshot ${name}: ${content}`) : undefined);
    };
    const timer = setTimeout(() => finish(new Error(`the runner took no screenshot "${name}" within ${ms} ms`)), ms);
    watcher.on('change', check);
    // The runner watches the browser console for this line.
    console.log(`IMPRIVATA_SCREENSHOT ${name} <<${selector}>>`);
    check();
  });
}

/** Opens a broken example and checks its diagnostics against the comments written in it. */
export async function checkBrokenExample(uri: vscode.Uri): Promise<number> {
  const published = nextDiagnosticsChange(uri, 'the first diagnostics after opening');
  const started = Date.now();
  const editor = await openInEditor(uri);
  assert.strictEqual(editor.document.languageId, 'imprivata-yaml', 'examples/broken files are named imprivata-enterprise*.yaml');
  const expected = expectedFor(editor.document.getText());
  assert.ok(expected.length > 0, 'a broken example must state the diagnostics it expects');
  await published;
  const firstDiagnosticsMs = Date.now() - started;
  try {
    // A server may publish in stages (document rules, then file checks): allow a little more.
    await waitForDiagnostics(uri, () => formatAll(uri).join('\n') === expected.join('\n'), 'the diagnostics written in the file', 5_000);
  } catch {
    // Show the difference (rule ID and 1-based line:column range, end exclusive).
    assert.deepStrictEqual(formatAll(uri), expected, `diagnostics of ${vscode.workspace.asRelativePath(uri)}`);
  }
  for (const diagnostic of ourDiagnostics(uri)) {
    const code = diagnostic.code;
    assert.ok(
      typeof code === 'object' && code !== null && code.target instanceof vscode.Uri,
      `${codeOf(diagnostic)}: code must be { value, target: Uri }`,
    );
    assert.ok(diagnostic.message.length > 0);
  }
  return firstDiagnosticsMs;
}
