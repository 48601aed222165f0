/**
 * Stepwise computations: generators that yield between steps (a rule, a slice of a long list, a part of a tree's
 * copy), so that the language server can pause between event-loop turns; the CLI and tests run them at once.
 */

/** Runs a stepwise computation to its end and returns its result. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}
