/**
 * `npm run bench`: our language server side by side with yaml-language-server (given our JSON Schema), in one run,
 * over real stdio connections, on the example, a ~1 MB allowlist and a ~1 MB provider roster. Per document and per
 * server: cold start to first diagnostics, each edit class users make (didChange -> the publishDiagnostics of that
 * version, p50/p90/p99), completion and hover right after an edit, resident and peak memory after all of it; and
 * the floors in the same run (a `yaml` parse of the same text, a bare Node process with our libraries loaded). Every
 * row says its budget and whether it is met. A script, never a timed test: timings are noisy, read the ratios.
 *
 *   npm run bench                       the full run (a few minutes on 2 cores)
 *   npm run bench -- --write            the same, and docs/benchmarks.md regenerated from it
 *   npm run bench -- --quick            a smoke run: tiny counts, small "large" documents
 *   options: --documents=example,allowlist,roster  --samples=N (example)  --samples-large=N  --requests=N
 *            --requests-large=N  --cold-starts=N  --hosts=N  --providers=N  --write[=FILE]
 *   or the environment: BENCH_DOCUMENTS, BENCH_SAMPLES, BENCH_SAMPLES_LARGE, BENCH_REQUESTS, BENCH_REQUESTS_LARGE,
 *   BENCH_COLD_STARTS, BENCH_HOSTS, BENCH_PROVIDERS (flags win).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/fixtures';
import {
  FLOOR_MODULES,
  allowlistDocument,
  bareNodeResidentMb,
  exampleDocument,
  memoryOf,
  median,
  ourServer,
  percentiles,
  rosterDocument,
  startSession,
  timeEditClass,
  timeRequestAfterEdit,
  workspaceFor,
  yamlLanguageServer,
  yamlLanguageServerVersion,
  yamlParseMedianMs,
} from './measure';
import type { BenchDocument, EditClassName, Memory, Percentiles, ServerUnderTest } from './measure';

export interface BenchOptions {
  documents: string[];
  samples: number;
  samplesLarge: number;
  requests: number;
  requestsLarge: number;
  coldStarts: number;
  hosts: number;
  providers: number;
  /** Where to write the Markdown report; undefined: print only. */
  write: string | undefined;
  quick: boolean;
}

const DOCUMENT_NAMES = ['example', 'allowlist', 'roster'];

export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}; see the comment at the top of test/bench/bench.ts`);
    flags.set(match[1], match[2] ?? '');
  }
  const known = [
    'documents',
    'samples',
    'samples-large',
    'requests',
    'requests-large',
    'cold-starts',
    'hosts',
    'providers',
    'write',
    'quick',
  ];
  for (const name of flags.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name}; known: --${known.join(', --')}`);
  const quick = flags.has('quick');
  const count = (flag: string, envName: string, full: number, smoke: number): number => {
    const raw = flags.get(flag) ?? env[envName];
    if (raw === undefined || raw === '') return quick ? smoke : full;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} (${envName}) must be a positive integer, not ${raw}`);
    return n;
  };
  const documents = (flags.get('documents') ?? env.BENCH_DOCUMENTS ?? DOCUMENT_NAMES.join(',')).split(',').filter(Boolean);
  for (const name of documents)
    if (!DOCUMENT_NAMES.includes(name)) throw new Error(`unknown document ${name}; known: ${DOCUMENT_NAMES.join(', ')}`);
  const write = flags.get('write');
  return {
    documents,
    samples: count('samples', 'BENCH_SAMPLES', 60, 2),
    samplesLarge: count('samples-large', 'BENCH_SAMPLES_LARGE', 20, 2),
    requests: count('requests', 'BENCH_REQUESTS', 60, 2),
    requestsLarge: count('requests-large', 'BENCH_REQUESTS_LARGE', 20, 2),
    coldStarts: count('cold-starts', 'BENCH_COLD_STARTS', 5, 1),
    hosts: count('hosts', 'BENCH_HOSTS', 20000, 400),
    providers: count('providers', 'BENCH_PROVIDERS', 9000, 180),
    write: write === undefined ? undefined : write === '' ? path.join(ROOT, 'docs/benchmarks.md') : path.resolve(write),
    quick,
  };
}

/** What one server did on one document. */
interface SessionResult {
  /** Every start to first diagnostics, in order (ours: the run's first start has an empty code cache). */
  startsMs: number[];
  coldStartMs: number;
  edits: Map<EditClassName, Percentiles>;
  requests: Map<string, Percentiles>;
  memory: Memory;
}

interface DocumentResult {
  document: BenchDocument;
  bytes: number;
  parseMs: number;
  ours: SessionResult;
  theirs: SessionResult;
}

async function measureSession(server: ServerUnderTest, document: BenchDocument, options: BenchOptions): Promise<SessionResult> {
  const workspace = workspaceFor(document);
  const starts: number[] = [];
  for (let i = 0; i < options.coldStarts - 1; i++) {
    const { session, coldStartMs } = await startSession(server, document, workspace);
    starts.push(coldStartMs);
    await session.client.shutdown();
  }
  const { session, coldStartMs } = await startSession(server, document, workspace);
  starts.push(coldStartMs);
  const samples = document.large ? options.samplesLarge : options.samples;
  const requests = document.large ? options.requestsLarge : options.requests;
  try {
    const [leaf] = document.edits;
    // Warm-up (not recorded): the first edits compile the edit paths.
    await timeEditClass(session, leaf, 4);
    const edits = new Map<EditClassName, Percentiles>();
    for (const editClass of document.edits) edits.set(editClass.name, percentiles(await timeEditClass(session, editClass, samples)));
    const requestResults = new Map<string, Percentiles>();
    for (const probe of document.probes) {
      requestResults.set(probe.method, percentiles(await timeRequestAfterEdit(session, probe, leaf.pairs[0], requests)));
    }
    return {
      startsMs: starts,
      coldStartMs: median(starts),
      edits,
      requests: requestResults,
      memory: memoryOf(session.client.process.pid),
    };
  } finally {
    await session.client.shutdown();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Budgets (issue 16, issue 13 "Speed")

interface Budget {
  /** At most this ratio to yaml-language-server. */
  vsYls?: number;
  /** At most this ratio to the floor (the parse for times, the bare Node process for memory). */
  vsFloor?: number;
}

function editBudget(large: boolean, editClass: EditClassName): Budget {
  if (!large) return { vsYls: 0.05, vsFloor: 3 };
  // A paste of 50 lines is not in the issue's list: it is held to the inserted line's budget (both change the list).
  return editClass === 'leaf' ? { vsYls: 0.05, vsFloor: 0.1 } : { vsYls: 0.25, vsFloor: 1 };
}

const requestBudget = (large: boolean): Budget => ({ vsYls: large ? 0.25 : 0.5 });
const coldStartBudget = (large: boolean): Budget => ({ vsYls: large ? 0.4 : 0.3 });
const memoryBudget = (large: boolean): Budget => (large ? { vsYls: 0.5 } : { vsYls: 0.6, vsFloor: 1.25 });

function verdict(budget: Budget, vsYls: number, vsFloor: number | undefined): { text: string; met: boolean | undefined } {
  const parts: string[] = [];
  let met: boolean | undefined;
  const check = (limit: number | undefined, value: number | undefined, label: string) => {
    if (limit === undefined || value === undefined) return;
    parts.push(`≤ ${limit}${label}`);
    met = (met ?? true) && value <= limit;
  };
  check(budget.vsYls, vsYls, 'x yls');
  check(budget.vsFloor, vsFloor, 'x floor');
  return { text: parts.join(', '), met };
}

// ---------------------------------------------------------------------------------------------------------------
// The report

const ms = (n: number) => (Number.isNaN(n) ? '—' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const ratio = (n: number) => (Number.isFinite(n) ? (n < 0.1 ? n.toFixed(3) : n.toFixed(2)) : '—');
const mb = (n: number) => n.toFixed(0);
const metText = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : '**NOT MET**');

export interface Report {
  markdown: string;
  budgets: number;
  unmet: number;
}

function renderReport(results: readonly DocumentResult[], options: BenchOptions, floorMb: number, startedAt: Date): Report {
  let budgets = 0;
  let unmet = 0;
  const judged = (budget: Budget, vsYls: number, vsFloor: number | undefined) => {
    const v = verdict(budget, vsYls, vsFloor);
    if (v.met !== undefined) {
      budgets++;
      if (!v.met) unmet++;
    }
    return v;
  };
  const p3 = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p90)} / ${ms(p.p99)}`;

  const editRows: string[] = [];
  const requestRows: string[] = [];
  const startRows: string[] = [];
  for (const r of results) {
    const doc = `${r.document.name} (${(r.bytes / 1024).toFixed(0)} KiB)`;
    for (const editClass of r.document.edits) {
      const ours = r.ours.edits.get(editClass.name);
      const theirs = r.theirs.edits.get(editClass.name);
      if (!ours || !theirs) continue;
      const vsYls = ours.p50 / theirs.p50;
      const vsParse = ours.p50 / r.parseMs;
      const v = judged(editBudget(r.document.large, editClass.name), vsYls, vsParse);
      editRows.push(
        `| ${doc} | ${editClass.name}: ${editClass.describe} | ${p3(ours)} | ${p3(theirs)} | ${ratio(vsYls)} | ${ms(r.parseMs)} | ${ratio(vsParse)} | ${v.text} | ${metText(v.met)} |`,
      );
    }
    for (const probe of r.document.probes) {
      const ours = r.ours.requests.get(probe.method);
      const theirs = r.theirs.requests.get(probe.method);
      if (!ours || !theirs) continue;
      const vsYls = ours.p99 / theirs.p99;
      const v = judged(requestBudget(r.document.large), vsYls, undefined);
      const name = probe.method === 'textDocument/completion' ? 'completion' : 'hover';
      requestRows.push(
        `| ${doc} | ${name} on ${probe.describe} | ${ms(ours.p50)} / ${ms(ours.p99)} | ${ms(theirs.p50)} / ${ms(theirs.p99)} | ${ratio(vsYls)} | ${v.text} (p99) | ${metText(v.met)} |`,
      );
    }
    const cold = judged(coldStartBudget(r.document.large), r.ours.coldStartMs / r.theirs.coldStartMs, undefined);
    startRows.push(
      `| ${doc} | cold start → first diagnostics, median of ${options.coldStarts} (ms) | ${ms(r.ours.coldStartMs)} | ${ms(r.theirs.coldStartMs)} | ${ratio(r.ours.coldStartMs / r.theirs.coldStartMs)} | | | ${cold.text} | ${metText(cold.met)} |`,
      `| ${doc} | each start, in order (ms; ours: ${r === results[0] ? 'the first with an empty code cache' : 'with the code cache of the starts before'}) | ${r.ours.startsMs.map(ms).join(', ')} | ${r.theirs.startsMs.map(ms).join(', ')} | | | | | |`,
    );
    const rss = r.ours.memory.residentMb / r.theirs.memory.residentMb;
    const rssFloor = r.ours.memory.residentMb / floorMb;
    const mem = judged(memoryBudget(r.document.large), rss, r.document.large ? undefined : rssFloor);
    startRows.push(
      `| ${doc} | resident memory after the edits, VmRSS (MB) | ${mb(r.ours.memory.residentMb)} | ${mb(r.theirs.memory.residentMb)} | ${ratio(rss)} | ${mb(floorMb)} | ${ratio(rssFloor)} | ${mem.text} | ${metText(mem.met)} |`,
      `| ${doc} | peak memory, VmHWM (MB) | ${mb(r.ours.memory.peakMb)} | ${mb(r.theirs.memory.peakMb)} | ${ratio(r.ours.memory.peakMb / r.theirs.memory.peakMb)} | ${mb(floorMb)} | ${ratio(r.ours.memory.peakMb / floorMb)} | | |`,
    );
  }

  const cpu = cpus();
  const lines = [
    `Run ${startedAt.toISOString()}${options.quick ? ' (**--quick**: smoke run, numbers not meaningful)' : ''}; Node ${process.version}; ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}; yaml-language-server ${yamlLanguageServerVersion()} (given our schema; validation, completion and hover on).`,
    `Samples per edit class: ${options.samples} on the example, ${options.samplesLarge} on each large file (each is an edit or its undo); requests: ${options.requests} / ${options.requestsLarge}. ` +
      `Floors in the same run: the \`yaml\` library's parseDocument of the same text (median), and a bare Node process with ${FLOOR_MODULES.map((m) => `\`${m}\``).join(', ')} loaded (VmRSS, ${mb(floorMb)} MB).`,
    '',
    'Documents: ' +
      results.map((r) => `**${r.document.name}**: ${r.document.describe}, ${r.bytes.toLocaleString('en-US')} bytes`).join('; ') +
      '.',
    '',
    `Budgets: ${budgets - unmet} of ${budgets} met.` +
      (unmet > 0
        ? " Known misses, measured and profiled (the 1 MB cold starts, out of reach of the `yaml` library; the example's paste, which swings around its budget): README.md, Decisions."
        : ''),
    '',
    '### Edit → diagnostics (didChange → publishDiagnostics of that version; ms, p50 / p90 / p99)',
    '',
    '| document | edit class | ours | yaml-language-server | p50 ratio | yaml parse (ms) | p50 ÷ parse | budget | |',
    '|---|---|---|---|---|---|---|---|---|',
    ...editRows,
    '',
    '### Completion and hover right after an edit (the edit sent, then the request; ms to the answer, p50 / p99)',
    '',
    '| document | request | ours | yaml-language-server | p99 ratio | budget | |',
    '|---|---|---|---|---|---|---|',
    ...requestRows,
    '',
    '### Start and memory',
    '',
    '| document | measure | ours | yaml-language-server | ratio | floor | ours ÷ floor | budget | |',
    '|---|---|---|---|---|---|---|---|---|',
    ...startRows,
    '',
  ];
  return { markdown: lines.join('\n') + '\n', budgets, unmet };
}

const HOW_TO = `# Benchmarks

Produced by \`npm run bench -- --write\` (test/bench/bench.ts; the measuring code is test/bench/measure.ts). Our
language server and yaml-language-server (given our JSON Schema) run side by side in one run, each as a real process
over stdio, one fresh process per document (so the memory of one document is its own). Per document and server:

- cold start: spawn, initialize, open the document, until its first publishDiagnostics (median of the runs; ours
  with an empty V8 code cache directory at the start of the run, so its first start compiles everything);
- edit classes, each didChange timed to the publishDiagnostics of that version (yaml-language-server publishes no
  version: its next publication): typing a character in a leaf scalar and deleting it, changing a global fact
  (\`enterprise.region\` us/eu, \`enterprise.tenantId\`, \`identityProofing.mode\` individual/institutional) and
  back, inserting a whole list-item line and deleting it, pasting 50 lines of list items and undoing it;
- completion and hover right after a one-character edit (the edit, then the request at once, timed to the answer);
- resident memory (VmRSS) after all of that, and the peak (VmHWM).

Budgets: the example's edits p50 ≤ 0.05x yaml-language-server and ≤ 3x a \`yaml\` parse; cold start ≤ 0.3x (1 MB:
≤ 0.4x); memory ≤ 0.6x and ≤ 1.25x the bare Node process (1 MB: ≤ 0.5x); on 1 MB a leaf edit ≤ 0.05x and ≤ 0.1x
the parse, a global fact, an inserted line (and a paste, held to the same) ≤ 0.25x and ≤ 1x the parse; completion
and hover p99 ≤ 0.5x (1 MB: ≤ 0.25x). yaml-language-server waits 200 ms (its \`validationDelayMs\`) before it
validates; it is measured as editors run it.

Re-run: \`npm run bench\` (prints the tables; \`-- --write\` also updates this file; \`-- --quick\` for a smoke
run; options for counts and documents at the top of test/bench/bench.ts). Timings are noisy on a shared machine:
compare ratios from one run, not numbers across runs.

`;

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const startedAt = new Date();
  const example = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
  const builders: Record<string, () => BenchDocument> = {
    example: () => exampleDocument(example),
    allowlist: () => allowlistDocument(example, options.hosts),
    roster: () => rosterDocument(example, options.providers),
  };
  const documents = options.documents.map((name) => builders[name]());
  // One empty code cache for the whole run: our first start is cold, the later ones find what it compiled.
  const codeCache = mkdtempSync(path.join(tmpdir(), 'imprivata-bench-cache-'));
  const servers = [ourServer(codeCache), yamlLanguageServer()];

  const floorMb = await bareNodeResidentMb(FLOOR_MODULES, options.quick ? 1 : 3);
  const results: DocumentResult[] = [];
  for (const document of documents) {
    process.stderr.write(`bench: ${document.name} (${document.text.length.toLocaleString('en-US')} characters)...\n`);
    const parseMs = yamlParseMedianMs(document.text, document.large ? (options.quick ? 3 : 9) : options.quick ? 20 : 300);
    const [ours, theirs] = [await measureSession(servers[0], document, options), await measureSession(servers[1], document, options)];
    results.push({ document, bytes: Buffer.byteLength(document.text), parseMs, ours, theirs });
  }
  const report = renderReport(results, options, floorMb, startedAt);
  process.stdout.write(report.markdown);
  if (options.write) {
    writeFileSync(options.write, HOW_TO + report.markdown);
    process.stderr.write(`bench: wrote ${path.relative(process.cwd(), options.write) || options.write}\n`);
  }
}

if (require.main === module) {
  main().then(
    // Let the child processes' pipes close.
    () => setTimeout(() => process.exit(0), 100),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
