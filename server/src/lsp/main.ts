/** Language server entry point: `node dist/server.js --stdio` (or --node-ipc, as VS Code starts it). */
import { IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageReader, createConnection } from 'vscode-languageserver/node';
import type { MessageReader, MessageWriter } from 'vscode-languageserver/node';
import { crashLine } from './crash-line';
import { DirectMessageWriter } from './direct-writer';
import { FramingCheck } from './framing';
import type { FramingProblem } from './framing';
import { IncomingChanges } from './incoming';
import { noteMessageReceived } from './memory';
import { ProtocolGate } from './protocolGate';
import { startServer } from './server';
import { WarmUp } from './warm-up';

const stdio = !process.argv.includes('--node-ipc');
let reader: MessageReader;
let writer: MessageWriter;
if (stdio) {
  const input = process.stdin.pipe(new FramingCheck(malformedInput));
  reader = new StreamMessageReader(input);
  writer = new DirectMessageWriter(process.stdout);
} else {
  reader = new IPCMessageReader(process);
  writer = new IPCMessageWriter(process);
}
const incoming = new IncomingChanges();
const warmUp = new WarmUp();
// Every message as it is read: changes that make an analysis out of date (incoming.ts), and the moments when a full
// garbage collection (memory.ts) or the warm-up (warm-up.ts) would stand in a message's way.
const gate = new ProtocolGate(reader, writer, (message) => {
  incoming.noteReceived(message);
  noteMessageReceived(message);
  warmUp.noteMessage();
});
// A message that is not JSON (or not JSON-RPC framing vscode-jsonrpc accepts) is as fatal as a bad header: what
// follows it cannot be trusted to be in step.
gate.onError(() => malformedInput('a message body that is not valid JSON'));
// The client closed our input (it exited or was killed): nothing more will come.
gate.onClose(() => process.exit(gate.shutDown ? 0 : 1));

const connection = createConnection(ProposedFeatures.all, gate, writer);

/**
 * The input is not a stream of LSP messages: say so where the client shows server output (stderr, which VS Code
 * logs; never the bytes received) and exit with 1, so that the client restarts the server instead of talking to a
 * server that can no longer read it.
 */
function malformedInput(problem: FramingProblem | string): void {
  process.stderr.write(
    `imprivata language server: the client sent ${problem} on the LSP connection; the messages after it cannot be read reliably, so the server exits (code 1) for the client to restart it.\n`,
  );
  process.exit(1);
}

if (stdio) {
  // Standard output carries the protocol: anything a dependency prints goes to the client's log instead.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  console.debug = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
}

// One line naming the error, never its stack or message (crash-line.ts says why).
process.on('uncaughtException', (error) => connection.console.error(crashLine('uncaught exception', error)));
process.on('unhandledRejection', (reason) => connection.console.error(crashLine('unhandled rejection', reason)));
startServer(connection, incoming, warmUp);
connection.listen();
