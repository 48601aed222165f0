/**
 * `npm run bench`: our language server side by side with yaml-language-server
 * (given our JSON Schema), in one run, over real stdio connections.
 * Measures: cold start to first diagnostics, didChange -> publishDiagnostics
 * (p50/p99) on the example and on a generated ~1 MB file, peak memory (VmHWM),
 * and the `yaml` library's parse time of the same texts as the yardstick.
 * Not a test: timings are noisy; read the medians and ratios.
 */
import { readFileSync, writeFileSync, mkdtempSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { ROOT } from '../support/fixtures';
import { SERVER_JS, TestLspClient } from '../support/lspClient';

const YAML_LS = path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
const SCHEMA_URI = pathToFileURL(path.join(ROOT, 'schemas/imprivata-enterprise.schema.json')).toString();
const EDITS_SMALL = Number(process.env.BENCH_EDITS ?? 200);
const EDITS_LARGE = Number(process.env.BENCH_EDITS_LARGE ?? 30);

interface ServerUnderTest {
  name: string;
  start(): TestLspClient;
}

/** Our server keeps a V8 code cache in XDG_CACHE_HOME: the bench gives it an empty one, so its first start is truly cold. */
const CODE_CACHE = mkdtempSync(path.join(tmpdir(), 'imprivata-bench-cache-'));
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 7);

const SERVERS: ServerUnderTest[] = [
  { name: 'imprivata-config', start: () => new TestLspClient(SERVER_JS, [], { ...process.env, XDG_CACHE_HOME: CODE_CACHE }) },
  {
    name: 'yaml-language-server',
    start: () => {
      const client = new TestLspClient(YAML_LS);
      client.configuration = (section) =>
        section === 'yaml'
          ? {
              validate: true,
              hover: false,
              completion: false,
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

/** The example with a 9,000-provider roster: about 1 MB, valid, so the diagnostics stay few. */
export function generateLargeFile(example: string): string {
  const lines: string[] = [];
  for (let i = 0; i < 9000; i++) {
    lines.push(
      `    - name: Provider Number${i} Smith`,
      `      email: provider${i}@example.org`,
      `      mobile: (617) 555-${String(i % 10000).padStart(4, '0')}`,
    );
  }
  const anchor = /^ {2}providers:.*\n/m;
  return example.replace(anchor, `  providers:\n${lines.join('\n')}\n`);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function median(values: number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

function parseTime(text: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    parseDocument(text);
    times.push(performance.now() - t);
  }
  return median(times);
}

function peakMemoryMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** Finds a line with `marker` and returns an edit that toggles the last character of its value. */
function toggler(text: string, marker: string) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(marker));
  if (line < 0) throw new Error(`no line with ${marker}`);
  const character = lines[line].length - 1;
  const original = lines[line][character];
  return (i: number) => ({
    range: { start: { line, character }, end: { line, character: character + 1 } },
    text: i % 2 === 0 ? (original === 'x' ? 'y' : 'x') : original,
  });
}

async function editLatencies(client: TestLspClient, uri: string, text: string, marker: string, count: number): Promise<number[]> {
  const edit = toggler(text, marker);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const version = i + 2;
    const sent = performance.now();
    const waiting = client.waitFor(uri, (p) => p.at >= sent, 30000);
    await client.change(uri, version, [edit(i)]);
    const published = await waiting;
    times.push(published.at - sent);
  }
  return times;
}

interface Result {
  server: string;
  /** The very first start (for us: no code cache yet). */
  firstStartMs: number;
  /** Median over COLD_STARTS fresh processes. */
  coldStartMs: number;
  smallP50: number;
  smallP99: number;
  largeP50: number;
  largeP99: number;
  peakMb: number;
}

/** Spawn, initialize, open the example: time to its first diagnostics. */
async function startToFirstDiagnostics(
  server: ServerUnderTest,
  workspace: string,
  small: string,
): Promise<{ ms: number; client: TestLspClient }> {
  const smallUri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
  const started = performance.now();
  const client = server.start();
  await client.initialize(workspace);
  const first = client.waitFor(smallUri, () => true, 60000);
  await client.open(smallUri, small, 'yaml');
  return { ms: (await first).at - started, client };
}

async function measure(server: ServerUnderTest, workspace: string, small: string, large: string): Promise<Result> {
  const smallUri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
  const largeUri = pathToFileURL(path.join(workspace, 'imprivata-enterprise-large.yaml')).toString();
  const starts: number[] = [];
  for (let i = 0; i < COLD_STARTS - 1; i++) {
    const run = await startToFirstDiagnostics(server, workspace, small);
    starts.push(run.ms);
    await run.client.shutdown();
  }
  const { ms: lastStart, client } = await startToFirstDiagnostics(server, workspace, small);
  starts.push(lastStart);
  const firstStartMs = starts[0];
  const coldStartMs = median(starts);
  // Warm up, then measure.
  await editLatencies(client, smallUri, small, 'site: Boston', 20);
  const smallTimes = (await editLatencies(client, smallUri, small, 'name: Example Health', EDITS_SMALL)).sort((a, b) => a - b);
  const opened = client.waitFor(largeUri, () => true, 120000);
  await client.open(largeUri, large, 'yaml');
  await opened;
  const largeTimes = (await editLatencies(client, largeUri, large, 'name: Provider Number4500 Smith', EDITS_LARGE)).sort((a, b) => a - b);
  const peakMb = peakMemoryMb(client.process.pid);
  await client.shutdown();
  return {
    server: server.name,
    firstStartMs,
    coldStartMs,
    smallP50: quantile(smallTimes, 0.5),
    smallP99: quantile(smallTimes, 0.99),
    largeP50: quantile(largeTimes, 0.5),
    largeP99: quantile(largeTimes, 0.99),
    peakMb,
  };
}

async function main(): Promise<void> {
  const small = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
  const large = generateLargeFile(small);
  const workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-bench-'));
  mkdirSync(path.join(workspace, 'assets'));
  copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(workspace, 'assets/logo.png'));
  writeFileSync(path.join(workspace, 'imprivata-enterprise.yaml'), small);

  const parseSmall = parseTime(small, 300);
  const parseLarge = parseTime(large, 9);
  const results: Result[] = [];
  for (const server of SERVERS) results.push(await measure(server, workspace, small, large));
  const [ours, theirs] = results;

  const f = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
  const lines = [
    `Benchmark (${new Date().toISOString()}, node ${process.version}, ${EDITS_SMALL} edits on the example (${small.length} bytes), ${EDITS_LARGE} on the large file (${large.length} bytes))`,
    '',
    `yaml parseDocument median: example ${f(parseSmall)} ms, large ${f(parseLarge)} ms`,
    '',
    '| measure | imprivata-config | yaml-language-server | ratio | budget |',
    '|---|---|---|---|---|',
    `| cold start -> first diagnostics, median of ${COLD_STARTS} (ms) | ${f(ours.coldStartMs)} | ${f(theirs.coldStartMs)} | ${(ours.coldStartMs / theirs.coldStartMs).toFixed(3)} | <= 0.3 |`,
    `| first start ever, no code cache (ms) | ${f(ours.firstStartMs)} | ${f(theirs.firstStartMs)} | ${(ours.firstStartMs / theirs.firstStartMs).toFixed(3)} | |`,
    `| edit -> diagnostics, example, p50 (ms) | ${f(ours.smallP50)} | ${f(theirs.smallP50)} | ${(ours.smallP50 / theirs.smallP50).toFixed(3)} | <= 0.05; <= 3x parse (${(ours.smallP50 / parseSmall).toFixed(2)}x) |`,
    `| edit -> diagnostics, example, p99 (ms) | ${f(ours.smallP99)} | ${f(theirs.smallP99)} | ${(ours.smallP99 / theirs.smallP99).toFixed(3)} | |`,
    `| edit -> diagnostics, 1 MB, p50 (ms) | ${f(ours.largeP50)} | ${f(theirs.largeP50)} | ${(ours.largeP50 / theirs.largeP50).toFixed(3)} | <= 0.25; <= 1.5x parse (${(ours.largeP50 / parseLarge).toFixed(2)}x) |`,
    `| edit -> diagnostics, 1 MB, p99 (ms) | ${f(ours.largeP99)} | ${f(theirs.largeP99)} | ${(ours.largeP99 / theirs.largeP99).toFixed(3)} | |`,
    `| peak memory, VmHWM (MB) | ${f(ours.peakMb)} | ${f(theirs.peakMb)} | ${(ours.peakMb / theirs.peakMb).toFixed(3)} | <= 0.5 |`,
  ];
  const report = lines.join('\n') + '\n';
  process.stdout.write(report);
  if (process.argv.includes('--write'))
    writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), `# Benchmarks\n\nProduced by \`npm run bench -- --write\`.\n\n${report}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
