/**
 * The one line the language server logs for an error nothing caught (an uncaught exception or an unhandled
 * rejection). It names the error by its class and code only: no stack trace (a person cannot act on one), and no
 * message, because a library's message may quote the text it was given, and that text can hold a secret from the
 * configuration (`smtp.password`, a token) or a line of some other file.
 */

/** What happened, where it is logged: `uncaught exception` or `unhandled rejection`. */
export type CrashKind = 'uncaught exception' | 'unhandled rejection';

const IDENTIFIER = /^[A-Za-z_$][\w$]{0,63}$/;
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export function crashLine(kind: CrashKind, reason: unknown): string {
  const name = errorName(reason);
  const code = typeof reason === 'object' && reason !== null && 'code' in reason ? String((reason as { code: unknown }).code) : '';
  const named = CODE.test(code) ? `${name} (${code})` : name;
  return (
    `internal error: ${kind}, ${named}. The server keeps running; if completion, hover or diagnostics stop ` +
    'answering, run "Imprivata: Restart Language Server" and report the error with the steps that led to it.'
  );
}

/** The error's class name when it has a plain one (TypeError, RangeError...), else the kind of value thrown. */
function errorName(reason: unknown): string {
  if (reason instanceof Error) {
    const name = reason.name || reason.constructor?.name;
    return name && IDENTIFIER.test(name) ? name : 'Error';
  }
  if (reason === null) return 'null thrown';
  return `a value of type ${typeof reason} thrown (not an Error)`;
}
