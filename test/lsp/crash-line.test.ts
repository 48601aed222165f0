/**
 * What the language server logs for an error nothing caught: one line naming the error, never its message or stack
 * (either can carry a secret value of the configuration or text of another file).
 */
import { strict as assert } from 'node:assert';
import { crashLine } from '../../server/src/lsp/crash-line';

const SECRET = 'Sup3r-Secret-Smtp-Pw~42';

describe('the log line of an uncaught error (lsp/crash-line.ts)', () => {
  it('names the class and the code; no message, no stack, one line', () => {
    const error = Object.assign(new TypeError(`cannot read 'x' of the value ${SECRET}`), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.ok(error.stack?.includes(SECRET), 'the stack holds the message');
    const line = crashLine('uncaught exception', error);
    assert.match(line, /^internal error: uncaught exception, TypeError \(ERR_INVALID_ARG_TYPE\)\. /);
    assert.ok(!line.includes(SECRET), line);
    assert.doesNotMatch(line, /\n|\bat .+:\d+:\d+/);
    assert.match(line, /Imprivata: Restart Language Server/);
  });

  it('a thrown non-Error, a made-up name or a code that is not an identifier: still no content', () => {
    assert.match(crashLine('unhandled rejection', SECRET), /unhandled rejection, a value of type string thrown \(not an Error\)\./);
    assert.match(crashLine('unhandled rejection', { password: SECRET }), /a value of type object thrown/);
    assert.match(crashLine('unhandled rejection', null), /null thrown/);
    const renamed = Object.assign(new Error('x'), { name: `Oops ${SECRET}`, code: `E ${SECRET}` });
    const line = crashLine('uncaught exception', renamed);
    assert.ok(!line.includes(SECRET), line);
    assert.match(line, /uncaught exception, Error\./);
  });
});
