/**
 * What `npm run bench` measures with, shared by every part of it: the two servers under test, the documents and the
 * edit classes users make on them, the timing of one edit (didChange -> its publishDiagnostics) and of one request
 * after an edit, the floors (a `yaml` parse, a bare Node process) and the statistics.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { ROOT } from '../support/fixtures';
import { SERVER_JS, TestLspClient } from '../support/lspClient';

export const YAML_LS = path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
const SCHEMA_URI = pathToFileURL(path.join(ROOT, 'schemas/imprivata-enterprise.schema.json')).toString();

export function yamlLanguageServerVersion(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/yaml-language-server/package.json'), 'utf8')) as { version: string })
    .version;
}

// ---------------------------------------------------------------------------------------------------------------
// The servers

export interface ServerUnderTest {
  name: string;
  /** Whether publishDiagnostics carries the document version (ours does; yaml-language-server does not). */
  publishesVersion: boolean;
  start(): TestLspClient;
}

/** Our server, with its V8 code cache in `codeCacheDir` (the bench gives it an empty one: the first start is cold). */
export function ourServer(codeCacheDir: string): ServerUnderTest {
  return {
    name: 'imprivata-config',
    publishesVersion: true,
    start: () => new TestLspClient(SERVER_JS, [], { ...process.env, XDG_CACHE_HOME: codeCacheDir }),
  };
}

/** yaml-language-server given our JSON Schema, with validation, completion and hover on, as an editor runs it. */
export function yamlLanguageServer(): ServerUnderTest {
  return {
    name: 'yaml-language-server',
    publishesVersion: false,
    start: () => {
      const client = new TestLspClient(YAML_LS);
      client.configuration = (section) =>
        section === 'yaml'
          ? {
              validate: true,
              hover: true,
              completion: true,
              format: { enable: false },
              schemaStore: { enable: false },
              schemas: { [SCHEMA_URI]: ['imprivata-enterprise*.yaml'] },
            }
          : section === 'http'
            ? { proxyStrictSSL: true }
            : {};
      return client;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  samples: number;
}

/** The nearest-rank quantile of sorted values (with 20 samples, p99 is the largest). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99), samples: sorted.length };
}

// ---------------------------------------------------------------------------------------------------------------
// The floors

/** The median time of the `yaml` library's parseDocument of a text, in ms: what any YAML tool pays once per text. */
export function yamlParseMedianMs(text: string, runs: number): number {
  parseDocument(text); // warm-up: the first parse also compiles the parser
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    parseDocument(text);
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * The libraries a validating language server of ours cannot do without, loaded in a bare Node process. The preflight's
 * network libraries (undici, nodemailer, fast-xml-parser) are left out on purpose: validation never needs them, so
 * the floor does not include them either.
 */
export const FLOOR_MODULES = ['vscode-languageserver/node', 'vscode-languageserver-textdocument', 'yaml', 'minimatch'];

/** VmRSS (MB) of a Node process that has loaded `modules` and done nothing else (median of `runs` processes). */
export async function bareNodeResidentMb(modules: readonly string[], runs: number): Promise<number> {
  const script = `${modules.map((m) => `require(${JSON.stringify(m)});`).join('')}
const kb = Number(/^VmRSS:\\s+(\\d+)/m.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]);
process.stdout.write(String(kb));`;
  const values: number[] = [];
  for (let i = 0; i < runs; i++) {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`the bare Node process exited with ${code}`))));
    });
    values.push(Number(output) / 1024);
  }
  return median(values);
}

export interface Memory {
  /** VmRSS: resident now. */
  residentMb: number;
  /** VmHWM: the peak resident size of the process's life. */
  peakMb: number;
}

/** Resident and peak memory of a process, from /proc (Linux). */
export function memoryOf(pid: number | undefined): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN);
  return { residentMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

// ---------------------------------------------------------------------------------------------------------------
// Documents and edits

export interface Position {
  line: number;
  character: number;
}

export interface TextEdit {
  range: { start: Position; end: Position };
  text: string;
}

/** An edit and the edit that undoes it: applied in turn, the text is the original again after each pair. */
export interface EditPair {
  apply: TextEdit;
  undo: TextEdit;
}

export type EditClassName = 'leaf' | 'global fact' | 'list-item line' | 'paste 50 lines';

export interface EditClass {
  name: EditClassName;
  /** What the edit does, for the table. */
  describe: string;
  /** Round-robin: sample i is pairs[floor(i / 2) % n].apply for even i, its undo for odd i. */
  pairs: EditPair[];
}

export interface Probe {
  method: 'textDocument/completion' | 'textDocument/hover';
  describe: string;
  position: Position;
}

export interface BenchDocument {
  /** `example`, `allowlist`, `roster`. */
  name: string;
  describe: string;
  fileName: string;
  text: string;
  /** Whether it is one of the large files (the 1 MB budgets apply). */
  large: boolean;
  edits: EditClass[];
  probes: Probe[];
}

/** The LSP position (UTF-16, `\n` line ends) of an offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** The offset of the `nth` occurrence (0-based) of `marker`; throws when there is none, so a stale marker is caught. */
function offsetOf(text: string, marker: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(marker, at + 1);
    if (at < 0) throw new Error(`the bench document has no ${JSON.stringify(marker)} (occurrence ${nth})`);
  }
  return at;
}

/** Typing one character at `offset` and deleting it: the length changes, as when a user types. */
function typeAndDelete(text: string, offset: number, character = 'x'): EditPair {
  const at = positionAt(text, offset);
  const after = { line: at.line, character: at.character + character.length };
  return { apply: { range: { start: at, end: at }, text: character }, undo: { range: { start: at, end: after }, text: '' } };
}

/** Replacing the value after `marker` (a `key: ` on its own) with `value`, and back. */
function replaceValue(text: string, marker: string, oldValue: string, newValue: string): EditPair {
  const start = offsetOf(text, marker + oldValue) + marker.length;
  const at = positionAt(text, start);
  return {
    apply: { range: { start: at, end: { line: at.line, character: at.character + oldValue.length } }, text: newValue },
    undo: { range: { start: at, end: { line: at.line, character: at.character + newValue.length } }, text: oldValue },
  };
}

/** Inserting whole lines before the line starting at `offset`, and deleting them again. */
function insertLines(text: string, offset: number, lines: readonly string[]): EditPair {
  const at = positionAt(text, offset);
  if (at.character !== 0) throw new Error('insertLines needs the start of a line');
  return {
    apply: { range: { start: at, end: at }, text: lines.map((l) => l + '\n').join('') },
    undo: { range: { start: at, end: { line: at.line + lines.length, character: 0 } }, text: '' },
  };
}

/** The global facts every host, IdP and proofing rule reads, each changed to another meaningful value and back. */
function globalFacts(text: string): EditPair[] {
  return [
    replaceValue(text, '  region: ', 'us', 'eu'),
    replaceValue(text, '  tenantId: ', 'examplehealth', 'examplehealthx'),
    replaceValue(text, '  mode: ', 'individual', 'institutional'),
  ];
}

function allowlistHosts(count: number, from: number): string[] {
  const hosts: string[] = [];
  for (let i = from; i < from + count; i++) hosts.push(`    - gateway-${i}.clinic-${i % 250}.examplehealth.org`);
  return hosts;
}

const ALLOWLIST_ANCHOR = '    - cloud.imprivata.com\n';

/** Where each edit class happens in a document: the leaf typed into, the list item and the pasted lines inserted. */
interface EditPlaces {
  leaf: { describe: string; at: number };
  line: { describe: string; at: number; lines: string[] };
  paste: { describe: string; at: number; lines: string[] };
}

/** The four edit classes, the same in every document but for where they happen. */
function editClasses(text: string, places: EditPlaces): EditClass[] {
  return [
    { name: 'leaf', describe: places.leaf.describe, pairs: [typeAndDelete(text, places.leaf.at)] },
    {
      name: 'global fact',
      describe: 'region us/eu, tenantId, identityProofing.mode individual/institutional, and back',
      pairs: globalFacts(text),
    },
    { name: 'list-item line', describe: places.line.describe, pairs: [insertLines(text, places.line.at, places.line.lines)] },
    { name: 'paste 50 lines', describe: places.paste.describe, pairs: [insertLines(text, places.paste.at, places.paste.lines)] },
  ];
}

/** A completion and a hover request, each at an offset of `text`. */
function requestProbes(text: string, completion: { describe: string; at: number }, hover: { describe: string; at: number }): Probe[] {
  return [
    { method: 'textDocument/completion', describe: completion.describe, position: positionAt(text, completion.at) },
    { method: 'textDocument/hover', describe: hover.describe, position: positionAt(text, hover.at) },
  ];
}

/** The example as it ships: about 150 lines. */
export function exampleDocument(example: string): BenchDocument {
  const lastHost = offsetOf(example, ALLOWLIST_ANCHOR);
  const nameEnd = offsetOf(example, 'name: Example Health') + 'name: Example Health'.length;
  return {
    name: 'example',
    describe: `examples/imprivata-enterprise.yaml (${example.split('\n').length} lines)`,
    fileName: 'imprivata-enterprise.yaml',
    text: example,
    large: false,
    edits: editClasses(example, {
      leaf: { describe: 'type a character at the end of `enterprise.name`, then delete it', at: nameEnd },
      line: { describe: 'insert an allowlist host line, then delete it', at: lastHost, lines: allowlistHosts(1, 900000) },
      paste: { describe: 'paste 50 allowlist host lines, then undo', at: lastHost, lines: allowlistHosts(50, 800000) },
    }),
    probes: requestProbes(
      example,
      { describe: 'an allowlist item value', at: offsetOf(example, ALLOWLIST_ANCHOR) + 6 },
      { describe: 'the key `smtp.username`', at: offsetOf(example, '  username: svc') + 4 },
    ),
  };
}

/** The example with a firewall allowlist of `hosts` more hosts (20,000: about 1 MB), all valid host names. */
export function allowlistDocument(example: string, hosts: number): BenchDocument {
  const text = example.replace(ALLOWLIST_ANCHOR, `${ALLOWLIST_ANCHOR}${allowlistHosts(hosts, 0).join('\n')}\n`);
  const middle = Math.floor(hosts / 2);
  const middleLine = offsetOf(text, `    - gateway-${middle}.`);
  const labelEnd = middleLine + `    - gateway-${middle}`.length;
  return {
    name: 'allowlist',
    describe: `the example with a ${hosts.toLocaleString('en-US')}-host allowlist`,
    fileName: 'imprivata-enterprise-allowlist.yaml',
    text,
    large: true,
    edits: editClasses(text, {
      leaf: { describe: 'type a character in a host mid-list, then delete it', at: labelEnd },
      line: { describe: 'insert a host line mid-list, then delete it', at: middleLine, lines: allowlistHosts(1, 900000) },
      paste: { describe: 'paste 50 host lines mid-list, then undo', at: middleLine, lines: allowlistHosts(50, 800000) },
    }),
    probes: requestProbes(
      text,
      { describe: 'a host mid-list', at: offsetOf(text, `    - gateway-${middle + 1}.`) + 6 },
      { describe: 'a host mid-list', at: offsetOf(text, `    - gateway-${middle + 1}.`) + 10 },
    ),
  };
}

function providerLines(i: number, withMobile: boolean): string[] {
  const lines = [`    - name: Provider Number${i} Smith`, `      email: provider${i}@example.org`];
  if (withMobile) lines.push(`      mobile: (617) 555-${String(i % 10000).padStart(4, '0')}`);
  return lines;
}

/** The example with an identity-proofing roster of `providers` providers (9,000: about 1 MB), all valid. */
export function rosterDocument(example: string, providers: number): BenchDocument {
  const lines: string[] = [];
  for (let i = 0; i < providers; i++) lines.push(...providerLines(i, true));
  const text = example.replace(/^ {2}providers:.*\n/m, `  providers:\n${lines.join('\n')}\n`);
  const middle = Math.floor(providers / 2);
  const middleItem = offsetOf(text, `    - name: Provider Number${middle} Smith`);
  const nameEnd = middleItem + `    - name: Provider Number${middle} Smith`.length;
  // 25 two-line providers: 50 lines.
  const pasted: string[] = [];
  for (let i = 0; i < 25; i++) pasted.push(...providerLines(800000 + i, false));
  return {
    name: 'roster',
    describe: `the example with a ${providers.toLocaleString('en-US')}-provider roster`,
    fileName: 'imprivata-enterprise-roster.yaml',
    text,
    large: true,
    edits: editClasses(text, {
      leaf: { describe: 'type a character in a provider name mid-list, then delete it', at: nameEnd },
      line: {
        describe: 'insert a one-line provider item (`- name: ...`) mid-list, then delete it',
        at: middleItem,
        lines: [`    - name: Pat Newman`],
      },
      paste: { describe: 'paste 25 two-line providers mid-list, then undo', at: middleItem, lines: pasted },
    }),
    probes: requestProbes(
      text,
      { describe: 'a provider key mid-list', at: offsetOf(text, `      email: provider${middle + 1}@`) + 6 },
      { describe: 'a provider key mid-list', at: offsetOf(text, `      email: provider${middle + 1}@`) + 8 },
    ),
  };
}

/** A folder holding one document and the logo it names: each server session sees that file alone. */
export function workspaceFor(document: BenchDocument): { dir: string; uri: string } {
  const dir = mkdtempSync(path.join(tmpdir(), `imprivata-bench-${document.name}-`));
  mkdirSync(path.join(dir, 'assets'));
  copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(dir, 'assets/logo.png'));
  const file = path.join(dir, document.fileName);
  writeFileSync(file, document.text);
  return { dir, uri: pathToFileURL(file).toString() };
}

// ---------------------------------------------------------------------------------------------------------------
// Timing over a real stdio connection

/** A server process with one document open, and the version its next change gets. */
export interface Session {
  server: ServerUnderTest;
  client: TestLspClient;
  uri: string;
  version: number;
}

const FIRST_DIAGNOSTICS_TIMEOUT_MS = 180000;
const EDIT_TIMEOUT_MS = 60000;

/** Spawns a server, initializes it on the document's folder and opens the document: the ms to its first diagnostics. */
export async function startSession(server: ServerUnderTest, document: BenchDocument, workspace: { dir: string; uri: string }) {
  const started = performance.now();
  const client = server.start();
  await client.initialize(workspace.dir);
  const first = client.waitFor(workspace.uri, () => true, FIRST_DIAGNOSTICS_TIMEOUT_MS);
  await client.open(workspace.uri, document.text, 'yaml');
  const published = await first;
  const session: Session = { server, client, uri: workspace.uri, version: 1 };
  return { session, coldStartMs: published.at - started };
}

/** Sends one change and resolves with the ms from sending it to the publishDiagnostics of that version. */
export async function timeEdit(session: Session, edit: TextEdit): Promise<number> {
  const version = ++session.version;
  const sent = performance.now();
  // yaml-language-server publishes without a version: its next publication after the change is the one.
  const waiting = session.client.waitFor(
    session.uri,
    (p) => (session.server.publishesVersion ? p.version === version : p.at >= sent),
    EDIT_TIMEOUT_MS,
  );
  await session.client.change(session.uri, version, [edit]);
  const published = await waiting;
  return published.at - sent;
}

/** `count` samples of an edit class (its pairs' edits in turn; the text is the original again when count is even). */
export async function timeEditClass(session: Session, editClass: EditClass, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const pair = editClass.pairs[Math.floor(i / 2) % editClass.pairs.length];
    times.push(await timeEdit(session, i % 2 === 0 ? pair.apply : pair.undo));
  }
  if (count % 2 === 1) {
    const pair = editClass.pairs[Math.floor(count / 2) % editClass.pairs.length];
    await timeEdit(session, pair.undo);
  }
  return times;
}

/**
 * `count` samples of a request right after an edit, as a user types then asks: each sample sends `edit` (its apply
 * and undo in turn), then the request at once, and is timed from the edit to the answer.
 */
export async function timeRequestAfterEdit(session: Session, probe: Probe, edit: EditPair, count: number): Promise<number[]> {
  const times: number[] = [];
  const total = count + (count % 2);
  for (let i = 0; i < total; i++) {
    const version = ++session.version;
    const started = performance.now();
    await session.client.change(session.uri, version, [i % 2 === 0 ? edit.apply : edit.undo]);
    await session.client.request(probe.method, { textDocument: { uri: session.uri }, position: probe.position }, EDIT_TIMEOUT_MS);
    if (i < count) times.push(performance.now() - started);
  }
  return times;
}
