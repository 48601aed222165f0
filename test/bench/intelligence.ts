/**
 * `node out/test/bench/intelligence.js`: completion and hover latency, our server beside yaml-language-server
 * (given our JSON Schema, completion and hover on), over real stdio connections, in one run. Each sample is what a
 * user waits for while typing: a one-character edit, then the request, timed from the edit to the answer.
 * Files: the example, and the example with a ~1 MB allowlist. Not a test: timings are noisy; read p50/p99 and ratios.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/fixtures';
import { SERVER_JS, TestLspClient } from '../support/lspClient';

const YAML_LS = path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
const SCHEMA_URI = pathToFileURL(path.join(ROOT, 'schemas/imprivata-enterprise.schema.json')).toString();
const SAMPLES_SMALL = Number(process.env.BENCH_REQUESTS ?? 200);
const SAMPLES_LARGE = Number(process.env.BENCH_REQUESTS_LARGE ?? 30);

interface ServerUnderTest {
  name: string;
  start(): TestLspClient;
}

const SERVERS: ServerUnderTest[] = [
  { name: 'imprivata-config', start: () => new TestLspClient(SERVER_JS) },
  {
    name: 'yaml-language-server',
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
  },
];

/** The example with about 37,000 more allowlist hosts: about 1 MB. */
export function generateAllowlistFile(example: string): string {
  const hosts: string[] = [];
  for (let i = 0; i < 37000; i++) hosts.push(`    - host${i}.branch.example.org`);
  return example.replace('    - cloud.imprivata.com\n', `    - cloud.imprivata.com\n${hosts.join('\n')}\n`);
}

/** A request at a place in the text: `marker` found, the cursor `delta` characters into it. */
interface Probe {
  name: string;
  method: 'textDocument/completion' | 'textDocument/hover';
  marker: string;
  delta: number;
  /** Search from the end (the last allowlist entry of the large file). */
  last?: boolean;
}

const PROBES: Probe[] = [
  { name: 'completion: allowlist item', method: 'textDocument/completion', marker: '    - cloud.imprivata.com', delta: 6 },
  { name: 'completion: smtp.mode value', method: 'textDocument/completion', marker: '  mode: oauth2', delta: 8 },
  { name: 'completion: smtp key', method: 'textDocument/completion', marker: '  username: svc-imprivata-mail', delta: 2 },
  { name: 'hover: smtp.username key', method: 'textDocument/hover', marker: '  username: svc-imprivata-mail', delta: 4 },
  { name: 'hover: allowlist host', method: 'textDocument/hover', marker: '    - idp.app.imprivata.com', delta: 10 },
];

function position(text: string, probe: Probe): { line: number; character: number } {
  const at = probe.last ? text.lastIndexOf(probe.marker) : text.indexOf(probe.marker);
  if (at < 0) throw new Error(`no ${probe.marker}`);
  const before = text.slice(0, at + probe.delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Toggles the last character of the enterprise name: a one-key edit that changes no structure. */
function nameEdit(
  text: string,
): (i: number) => { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('name: Example Health'));
  const character = lines[line].length - 1;
  const original = lines[line][character];
  return (i) => ({ range: { start: { line, character }, end: { line, character: character + 1 } }, text: i % 2 === 0 ? 'x' : original });
}

async function samples(
  client: TestLspClient,
  uri: string,
  text: string,
  probe: Probe,
  count: number,
  version: { n: number },
  edited: boolean,
): Promise<number[]> {
  const edit = nameEdit(text);
  const at = position(text, probe);
  const times: number[] = [];
  for (let i = 0; i < count + 5; i++) {
    const started = performance.now();
    if (edited) await client.change(uri, ++version.n, [edit(version.n)]);
    await client.connection.sendRequest(probe.method, { textDocument: { uri }, position: at });
    // The first five warm up.
    if (i >= 5) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

interface Row {
  file: string;
  probe: string;
  /** After a one-character edit (what typing feels like), and on an unchanged document (the handler alone). */
  results: { p50: number; p99: number; idleP50: number; idleP99: number }[];
}

async function main(): Promise<void> {
  const small = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
  const large = generateAllowlistFile(small);
  const workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-bench-intel-'));
  mkdirSync(path.join(workspace, 'assets'));
  copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(workspace, 'assets/logo.png'));
  const files = [
    {
      name: 'example',
      text: small,
      uri: pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString(),
      count: SAMPLES_SMALL,
    },
    {
      name: '1 MB allowlist',
      text: large,
      uri: pathToFileURL(path.join(workspace, 'imprivata-enterprise-large.yaml')).toString(),
      count: SAMPLES_LARGE,
    },
  ];
  const rows: Row[] = [];
  for (const file of files) for (const probe of PROBES) rows.push({ file: file.name, probe: probe.name, results: [] });
  for (const server of SERVERS) {
    const client = server.start();
    await client.initialize(workspace);
    for (const file of files) {
      writeFileSync(new URL(file.uri), file.text);
      const opened = client.waitFor(file.uri, () => true, 120000);
      await client.open(file.uri, file.text, 'yaml');
      await opened;
      const version = { n: 1 };
      for (const probe of PROBES) {
        const idle = await samples(client, file.uri, file.text, probe, file.count, version, false);
        const typing = await samples(client, file.uri, file.text, probe, file.count, version, true);
        const row = rows.find((r) => r.file === file.name && r.probe === probe.name);
        row?.results.push({
          p50: quantile(typing, 0.5),
          p99: quantile(typing, 0.99),
          idleP50: quantile(idle, 0.5),
          idleP99: quantile(idle, 0.99),
        });
      }
      await client.close(file.uri);
    }
    await client.shutdown();
  }
  const f = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
  const lines = [
    `Completion and hover, edit -> answer and request -> answer (${new Date().toISOString()}, node ${process.version}; ${SAMPLES_SMALL} samples on the example (${small.length} bytes), ${SAMPLES_LARGE} on the large file (${large.length} bytes))`,
    '',
    '| file | request | after an edit: ours p50 / p99 (ms) | yaml-language-server p50 / p99 (ms) | p99 ratio | unchanged document: ours p50 / p99 | yaml-language-server p50 / p99 | p99 ratio |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const [ours, theirs] = r.results;
      const ratio = (a: number, b: number) => (a / b).toFixed(3);
      return `| ${r.file} | ${r.probe} | ${f(ours.p50)} / ${f(ours.p99)} | ${f(theirs.p50)} / ${f(theirs.p99)} | ${ratio(ours.p99, theirs.p99)} | ${f(ours.idleP50)} / ${f(ours.idleP99)} | ${f(theirs.idleP50)} / ${f(theirs.idleP99)} | ${ratio(ours.idleP99, theirs.idleP99)} |`;
    }),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
