/**
 * Document changes the connection has received but the server has not handled yet. vscode-jsonrpc queues incoming
 * messages and hands over one per turn of the event loop, so while a large document is parsed, the versions typed
 * meanwhile wait in that queue: an analysis that knows a newer version is already on its way can give up (or not
 * start) instead of parsing a text that is already out of date.
 */
import { Message } from 'vscode-languageserver/node';

const DOCUMENT_SYNC = new Set(['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose']);

export class IncomingChanges {
  private readonly received = new Map<string, number>();

  /** Called by the reader for every message, in order, as it enters the connection's queue. */
  noteReceived(message: Message): void {
    if (!Message.isNotification(message) || !DOCUMENT_SYNC.has(message.method)) return;
    const uri = uriOf(message.params);
    if (uri !== undefined) this.received.set(uri, (this.received.get(uri) ?? 0) + 1);
  }

  /** Called by the server's handler of each of those notifications whose URI is a string, valid or not otherwise. */
  noteHandled(uri: string): void {
    const count = (this.received.get(uri) ?? 0) - 1;
    if (count > 0) this.received.set(uri, count);
    else this.received.delete(uri);
  }

  /** Whether a newer open, change or close of the document was received and is waiting to be handled. */
  pending(uri: string): boolean {
    return this.received.has(uri);
  }
}

function uriOf(params: unknown): string | undefined {
  const textDocument = (params as { textDocument?: { uri?: unknown } } | null | undefined)?.textDocument;
  return typeof textDocument?.uri === 'string' ? textDocument.uri : undefined;
}
