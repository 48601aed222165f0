/**
 * The V8 flags the language server starts with, set by loader.ts before anything is compiled (V8 stamps a code cache
 * with the flags in effect and rejects it under others). Shared by loader.ts and optimizer.ts.
 */
export const START_FLAGS = [
  // The server turns this on to release memory (memory.ts).
  '--expose-gc',
  // V8 doubles the young generation (up to 2 x 16 MB) whenever much of it survives a collection, and gives it back
  // only after some 16 s of idling: editing the example grew the server by 26 MB (110 -> 84 MB VmRSS at factor 1),
  // a 5 MB document left it 30 MB bigger after it went. At 1 it stays at 2 x 1 MB; the analysis of a 1 MB document
  // collects more often (10-30% slower edits, measured on a loaded machine). `--max-semi-space-size` would cap it
  // too, but V8 reads it only when the heap is created; this flag is read at every collection.
  '--semi-space-growth-factor=1',
  // The optimizing compiler, off until a large document comes (optimizer.ts).
  '--no-turbofan',
];

/** Emitted on `process` right before optimizer.ts switches the optimizer on: loader.ts then makes its code cache under START_FLAGS. */
export const BEFORE_OPTIMIZER_ON = 'imprivata:before-optimizer-on';

/** The bundle's source as loader.ts compiles it (a CommonJS module's wrapper); a code cache belongs to this exact text. */
export function wrappedForCache(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}
