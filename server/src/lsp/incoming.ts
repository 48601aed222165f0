/**
 * Document changes the connection has received but the server has not handled yet. vscode-jsonrpc queues incoming
 * messages and hands over one per turn of the event loop, so while a large document is parsed, the versions typed
 * meanwhile wait in that queue: an analysis that knows a newer version is already on its way can give up (or not
 * start) instead of parsing a text that is already out of date.
 */
import { Message } from 'vscode-languageserver/node';

const DOCUMENT_SYNC = new Set(['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose']);

/**
 * A change is handled within a turn or two of the event loop once the server is free. Past this, a count that never
 * came back down (a message the connection dropped) is ignored: this is only an optimization, and the analysis of
 * the document must not wait for it for ever. Correctness never depends on it (analyses check generations).
 */
const PENDING_LIMIT_MS = 5000;

export class IncomingChanges {
  /** Per URI: how many were received and not handled yet, and when the last one arrived. */
  private readonly received = new Map<string, { count: number; at: number }>();

  /** Called by the reader for every message, in order, as it enters the connection's queue. */
  noteReceived(message: Message): void {
    if (!Message.isNotification(message) || !DOCUMENT_SYNC.has(message.method)) return;
    const uri = uriOf(message.params);
    if (uri !== undefined) this.received.set(uri, { count: (this.received.get(uri)?.count ?? 0) + 1, at: performance.now() });
  }

  /** Called by the server's handler of each of those notifications whose URI is a string, valid or not otherwise. */
  noteHandled(uri: string): void {
    const entry = this.received.get(uri);
    if (entry && entry.count > 1) entry.count--;
    else this.received.delete(uri);
  }

  /** Whether a newer open, change or close of the document was received and is waiting to be handled. */
  pending(uri: string): boolean {
    const entry = this.received.get(uri);
    return entry !== undefined && performance.now() - entry.at < PENDING_LIMIT_MS;
  }
}

function uriOf(params: unknown): string | undefined {
  const textDocument = (params as { textDocument?: { uri?: unknown } } | null | undefined)?.textDocument;
  return typeof textDocument?.uri === 'string' ? textDocument.uri : undefined;
}
