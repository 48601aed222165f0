/**
 * Steps: each network step of a check runs under its own timeout and the run's cancel signal, and is recorded
 * with its wall time. A step ends when its work ends or when its time is up, whichever is first: a server that
 * never answers, or answers a byte a second, cannot hold a step past its timeout.
 */
import type { CheckStep, Clock, StepDone, StepRunner } from './types';

/** Why a step failed, in words for the report: the reason names the failure, the detail says what happened. */
export type FailureReason =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'reset'
  | 'proxy'
  | 'untrusted'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-host'
  | 'tls'
  | 'http-status'
  | 'http'
  | 'too-large'
  | 'redirects'
  | 'cancelled'
  | 'error';

export class StepFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    /** For the step's detail: what happened, precisely. */
    readonly detail: string,
    /** For the check's summary: the likely cause and what to do (one clause). */
    readonly advice?: string,
  ) {
    super(detail);
  }
}

export class StepRecorder implements StepRunner {
  readonly steps: CheckStep[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly cancel: AbortSignal,
  ) {}

  async run<T>(name: string, work: (signal: AbortSignal) => Promise<StepDone<T>>): Promise<T> {
    const started = this.clock.now();
    const record = (status: CheckStep['status'], detail: string) =>
      this.steps.push({ name, status, ms: Math.round(this.clock.now() - started), detail });
    if (this.cancel.aborted) {
      record('skipped', 'cancelled before this step');
      throw new StepFailure('cancelled', 'cancelled before this step');
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let onCancel: (() => void) | undefined;
    // Whatever `work` does, the step ends at its timeout or on cancel: the race below settles then, and the
    // aborted signal tells `work` to release its sockets.
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new StepFailure('timeout', `no answer within ${this.timeoutMs} ms`);
        controller.abort(error);
        reject(error);
      }, this.timeoutMs);
      onCancel = () => {
        const error = new StepFailure('cancelled', 'cancelled');
        controller.abort(error);
        reject(error);
      };
      this.cancel.addEventListener('abort', onCancel, { once: true });
    });
    try {
      const done = await Promise.race([work(controller.signal), stopped]);
      record(done.warn ? 'warn' : 'pass', done.detail);
      return done.value;
    } catch (error) {
      const failure = error instanceof StepFailure ? error : unexpected(error);
      if (!controller.signal.aborted) controller.abort(failure);
      record(failure.reason === 'cancelled' ? 'skipped' : 'fail', failure.detail);
      throw failure;
    } finally {
      clearTimeout(timer);
      if (onCancel) this.cancel.removeEventListener('abort', onCancel);
    }
  }

  skip(name: string, detail: string): void {
    this.steps.push({ name, status: 'skipped', ms: 0, detail });
  }

  record(name: string, status: CheckStep['status'], detail: string): void {
    this.steps.push({ name, status, ms: 0, detail });
  }
}

/** An error that is not a StepFailure: named by its code only (never a library's text or a stack). */
function unexpected(error: unknown): StepFailure {
  const code = (error as { code?: unknown } | null)?.code;
  return new StepFailure('error', `failed (${typeof code === 'string' ? code : 'unexpected error'})`);
}

/** Rejects when `signal` aborts: for awaiting things that take no signal of their own. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
