/**
 * The engine: runs planned checks concurrently (at most `concurrency` at once), each step under its own
 * timeout, all of them under one cancel signal. A run lasts as long as its slowest check, not the sum.
 */
import { StepRecorder } from './steps';
import type { CheckKind, CheckResult, CheckStatus, Clock, PreflightCounts } from './types';

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 5000;

/** A check ready to run: who it is, and a plain async function that records its steps. */
export interface PlannedCheck {
  id: string;
  kind: CheckKind;
  target: string;
  line: number;
  /** Skipped without running (the plan already knows why: an `${env:}` host, a placeholder). */
  skip?: string;
  run?: (steps: StepRecorder) => Promise<CheckOutcome>;
}

/** What a check found; `line` when the outcome concerns another line than the planned one (a wrong client ID). */
export interface CheckOutcome {
  status: CheckStatus;
  summary: string;
  line?: number;
}

export interface EngineOptions {
  clock: Clock;
  /** Per network step. */
  timeoutMs?: number;
  concurrency?: number;
  signal?: AbortSignal;
  /** After each check ends (in the order they end). */
  onResult?: (result: CheckResult, done: number, total: number) => void;
  /** When a check starts. */
  onStart?: (check: PlannedCheck) => void;
}

export async function runChecks(checks: readonly PlannedCheck[], options: EngineOptions): Promise<CheckResult[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const signal = options.signal ?? new AbortController().signal;
  const results: CheckResult[] = new Array(checks.length);
  let next = 0;
  let done = 0;

  const finish = (index: number, result: CheckResult) => {
    results[index] = result;
    done++;
    options.onResult?.(result, done, checks.length);
  };

  async function one(index: number): Promise<void> {
    const check = checks[index];
    const base = { id: check.id, kind: check.kind, target: check.target, line: check.line };
    if (check.skip !== undefined || !check.run) {
      finish(index, { ...base, status: 'skipped', summary: check.skip ?? 'not run', steps: [] });
      return;
    }
    if (signal.aborted) {
      finish(index, { ...base, status: 'skipped', summary: 'Cancelled before it started.', steps: [] });
      return;
    }
    options.onStart?.(check);
    const steps = new StepRecorder(options.clock, timeoutMs, signal);
    let outcome: CheckOutcome;
    try {
      outcome = await check.run(steps);
    } catch {
      // A bug in a check must not end the run or show a stack to anyone: it becomes this check's failure.
      outcome = { status: 'fail', summary: 'The check stopped on an internal error; please report it.' };
    }
    finish(index, { ...base, status: outcome.status, summary: outcome.summary, line: outcome.line ?? base.line, steps: [...steps.steps] });
  }

  async function worker(): Promise<void> {
    while (next < checks.length) await one(next++);
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, checks.length) }, worker));
  return results;
}

export function countResults(results: readonly CheckResult[]): PreflightCounts {
  const counts: PreflightCounts = { pass: 0, warn: 0, fail: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  date: () => new Date(),
};
