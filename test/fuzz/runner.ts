/**
 * `npm run fuzz`: the properties of test/fuzz/properties.ts over many generated documents (100,000 by default, at
 * the full sizes), in a worker thread so a document that hangs is stopped and reported instead of stopping the run.
 * Every failing kind is then replayed from its seed and path and shrunk by fast-check to its smallest document.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { LARGE, fuzzFamilies } from './arbitraries';
import type { FuzzFamily } from './arbitraries';
import { knownDefectOf } from './known-defects';
import { machineLoadFactor, timeBoundMs } from './properties';
import type { CheckResult, FuzzDocument, Violation } from './properties';
import type { WorkerRequest, WorkerResponse } from './worker';

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Time allowed to shrink each failing kind. */
  shrinkSeconds: number;
  /** Where the smallest counterexamples are written in full. */
  outputDir: string;
  log: (line: string) => void;
}

/** A document is stopped after this long: well past its time bound (as loaded as the machine is), so only a hang is cut short. */
function hangTimeoutMs(doc: FuzzDocument): number {
  // Room for the first timing, the yaml parse it may be compared with, and two more timings.
  return 10 * timeBoundMs(doc.text) * machineLoadFactor() + 5_000;
}

/** One worker thread checking one document at a time; replaced when a document hangs. */
class Checker {
  private worker: Worker | undefined;
  private nextId = 0;
  restarts = 0;

  async check(doc: FuzzDocument): Promise<CheckResult> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    const timeout = hangTimeoutMs(doc);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        void worker.terminate();
        this.worker = undefined;
        this.restarts++;
        resolve({
          violations: [
            { property: 'linear-time', code: 'slow', detail: `did not finish within ${(timeout / 1000).toFixed(1)} s (stopped)` },
          ],
          analysisMs: timeout,
          findings: 0,
          parsedCleanly: true,
        });
      }, timeout);
      const onMessage = (response: WorkerResponse) => {
        if (response.id !== id) return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(response.result);
      };
      const onError = (error: Error) => {
        clearTimeout(timer);
        this.worker = undefined;
        reject(error);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, doc } satisfies WorkerRequest);
    });
  }

  private start(): Worker {
    // The core's `yaml` calls may emit process warnings per document; they are not findings, and would flood the log.
    this.worker = new Worker(path.join(__dirname, 'worker.js'), { execArgv: ['--no-warnings'] });
    this.worker.unref();
    return this.worker;
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

const FAMILIES = fuzzFamilies(LARGE);

interface FailureKind {
  key: string;
  property: string;
  code: string;
  ruleId?: string;
  known?: string;
  count: number;
  /** Where it was first seen: the family and the run's index, to replay it. */
  family: FuzzFamily;
  runIndex: number;
  example: string;
}

function kindKey(v: Violation, doc: FuzzDocument, result: CheckResult): { key: string; known?: string } {
  const known = knownDefectOf(v, doc, result);
  return {
    key: `${v.property} ${v.code} ${v.ruleId ?? '-'} ${known?.id ?? 'new'}`,
    known: known ? `${known.issueItem}: ${known.title}` : undefined,
  };
}

export async function runFuzz(options: FuzzOptions): Promise<number> {
  const { log } = options;
  const checker = new Checker();
  const kinds = new Map<string, FailureKind>();
  let documents = 0;
  let bytes = 0;
  const started = performance.now();
  log(`fuzz: ${options.count.toLocaleString('en')} documents, seed ${options.seed}`);
  try {
    let remaining = options.count;
    for (const [i, family] of FAMILIES.entries()) {
      const runs = i === FAMILIES.length - 1 ? remaining : Math.round(options.count * family.share);
      remaining -= runs;
      if (runs <= 0) continue;
      const familyStarted = performance.now();
      let runIndex = -1;
      await fc.check(
        fc.asyncProperty(family.arbitrary, async (doc) => {
          runIndex++;
          const result = await checker.check(doc);
          documents++;
          bytes += doc.text.length;
          for (const v of result.violations) {
            const { key, known } = kindKey(v, doc, result);
            const kind = kinds.get(key);
            if (kind) kind.count++;
            else
              kinds.set(key, {
                key,
                property: v.property,
                code: v.code,
                ruleId: v.ruleId,
                known,
                count: 1,
                family,
                runIndex,
                example: v.detail,
              });
          }
          if (documents % 10_000 === 0) {
            const seconds = (performance.now() - started) / 1000;
            log(`  ${documents.toLocaleString('en')} documents, ${(documents / seconds).toFixed(0)}/s, ${kinds.size} failing kind(s)`);
          }
          return true;
        }),
        { seed: options.seed, numRuns: runs },
      );
      const seconds = (performance.now() - familyStarted) / 1000;
      log(`  ${family.name}: ${runs.toLocaleString('en')} documents in ${seconds.toFixed(1)} s (${(runs / seconds).toFixed(0)}/s)`);
    }
    const seconds = (performance.now() - started) / 1000;
    log(
      `fuzz: ${documents.toLocaleString('en')} documents (${(bytes / 1024 / 1024).toFixed(0)} MiB) in ${seconds.toFixed(1)} s: ` +
        `${(documents / seconds).toFixed(0)} documents/second; ${checker.restarts} stopped after hanging`,
    );
    if (kinds.size === 0) {
      log('fuzz: no property failed');
      return 0;
    }
    log(`fuzz: ${kinds.size} kind(s) of property failure; shrinking each to its smallest document (seed ${options.seed})`);
    mkdirSync(options.outputDir, { recursive: true });
    let n = 0;
    for (const kind of [...kinds.values()].sort((a, b) => (a.known ? 1 : 0) - (b.known ? 1 : 0) || b.count - a.count)) {
      n++;
      const smallest = await shrink(checker, kind, options);
      const file = path.join(options.outputDir, `${String(n).padStart(2, '0')}-${kind.code}-${kind.ruleId ?? 'core'}.yaml`);
      writeFileSync(file, smallest.doc?.text ?? '');
      log('');
      log(
        `FAIL ${n}. [${kind.property}] ${kind.code} ${kind.ruleId ?? ''} x${kind.count}${kind.known ? ` (known: ${kind.known})` : ' (NEW)'}`,
      );
      log(`   first seen: ${kind.example.slice(0, 300)}`);
      log(`   replay: seed ${options.seed}, family "${kind.family.name}", path "${smallest.path}"`);
      if (smallest.doc) {
        log(`   smallest counterexample (${smallest.doc.family}, ${smallest.doc.text.length} characters, in ${file}):`);
        log(`   ${JSON.stringify(smallest.doc.text.length > 600 ? smallest.doc.text.slice(0, 600) + '…' : smallest.doc.text)}`);
        if (smallest.detail) log(`   -> ${smallest.detail.slice(0, 300)}`);
      }
    }
    return kinds.size;
  } finally {
    await checker.close();
  }
}

/** Replays the first document of a failing kind and lets fast-check shrink it while the same kind still fails. */
async function shrink(
  checker: Checker,
  kind: FailureKind,
  options: FuzzOptions,
): Promise<{ doc?: FuzzDocument; path: string; detail?: string }> {
  let detail: string | undefined;
  const details = await fc.check(
    fc.asyncProperty(kind.family.arbitrary, async (doc) => {
      const result = await checker.check(doc);
      const hit = result.violations.find((v) => kindKey(v, doc, result).key === kind.key);
      if (hit) detail = hit.detail;
      return hit === undefined;
    }),
    {
      seed: options.seed,
      path: String(kind.runIndex),
      interruptAfterTimeLimit: options.shrinkSeconds * 1000,
      markInterruptAsFailure: false,
    },
  );
  const doc = details.counterexample?.[0];
  return { doc, path: details.counterexamplePath ?? String(kind.runIndex), detail };
}
