/**
 * V8's optimizing compiler (TurboFan) for the documents that need it, and only then.
 *
 * On a small document every analysis is a millisecond or two in V8's interpreter and baseline compiler, and the
 * optimizer buys little (the example: a typed character 1.07 ms p50 without, 1.22 ms with; a pasted block of 50
 * lines 2.45 ms without, 2.05 ms with), but it costs the server
 * 13 MB of resident memory for good: the optimizer's own machine code paged in from the Node binary, its compile
 * threads' malloc arenas, the optimized code (the example after the bench's edits: 76 MB with it, 63 MB without; a
 * bare Node process with our libraries loaded is 54 MB). On a large document the optimizer is what makes an analysis
 * fast. So the server starts with it off (loader.ts), and switches it on, for the rest of its life, when a document
 * of OPTIMIZED_TEXT characters or more comes.
 *
 * V8 reads the flag at each tiering decision, so switching takes effect at once; it also stamps a code cache with the
 * flags in effect, and the next start begins with the optimizer off again: `process.emit(BEFORE_OPTIMIZER_ON)` tells
 * loader.ts to make its code cache under the start's flags.
 */
import { setFlagsFromString } from 'node:v8';
import { BEFORE_OPTIMIZER_ON } from './launch-flags';

/** A document this long (about 1,500 lines of a configuration) switches the optimizer on. */
export const OPTIMIZED_TEXT = 64 * 1024;

let optimizerOn = false;

/** Whether the optimizing compiler has been switched on (for tests and the log). */
export function isOptimizerOn(): boolean {
  return optimizerOn;
}

/** A document of `textLength` characters is open: switch the optimizer on if it is large and still off. */
export function noteDocumentLength(textLength: number): void {
  if (optimizerOn || textLength < OPTIMIZED_TEXT) return;
  optimizerOn = true;
  process.emit(BEFORE_OPTIMIZER_ON as 'beforeExit' /* a custom event: Node types only name the built-in ones */, 0);
  setFlagsFromString('--turbofan');
}
