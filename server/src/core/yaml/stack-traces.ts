/**
 * Runs a function with V8's stack-trace capture off. The `yaml` parser makes an Error object for every syntax error
 * it finds, and V8 captures a stack trace for each: in a file of tens of thousands of errors (`: : :` lines) that
 * capture, and the garbage it leaves, was half of the analysis time. Nothing ever shows these stacks (messages for
 * people never carry one), so the parse does without them. Pure.
 */
export function withoutStackTraces<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
