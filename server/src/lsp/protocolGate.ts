/**
 * The LSP lifecycle rules vscode-languageserver leaves to the server, enforced on every incoming message before the
 * connection sees it:
 * - before `initialize`, a request is answered `ServerNotInitialized` and a notification dropped (except `exit`);
 * - a second `initialize` is answered `InvalidRequest`, without touching the running server's state;
 * - after `shutdown`, every request is answered `InvalidRequest` and every notification but `exit` dropped.
 * (`exit` then ends the process with 0 after `shutdown`, 1 without: the library does that.)
 */
import { AbstractMessageReader, ErrorCodes, Message } from 'vscode-languageserver/node';
import type { DataCallback, Disposable, MessageReader, MessageWriter, RequestMessage, ResponseMessage } from 'vscode-languageserver/node';

type Lifecycle = 'new' | 'initialized' | 'shutDown';

export class ProtocolGate extends AbstractMessageReader {
  private state: Lifecycle = 'new';

  /** `onPass`: sees every message the connection will handle, in order, as it enters the connection's queue. */
  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
    private readonly onPass: (message: Message) => void = () => undefined,
  ) {
    super();
    inner.onError((error) => this.fireError(error));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  /** Whether `shutdown` was received: the exit code tells a clean stop (0) from a lost client (1). */
  get shutDown(): boolean {
    return this.state === 'shutDown';
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => this.pass(message, callback));
  }

  override dispose(): void {
    super.dispose();
    this.inner.dispose();
  }

  private pass(message: Message, callback: DataCallback): void {
    if (Message.isRequest(message)) {
      if (this.state === 'shutDown') {
        return this.refuse(
          message,
          ErrorCodes.InvalidRequest,
          `The server is shutting down: after \`shutdown\` only the \`exit\` notification is accepted, not \`${String(message.method)}\`.`,
        );
      }
      if (message.method === 'initialize') {
        if (this.state !== 'new') {
          return this.refuse(
            message,
            ErrorCodes.InvalidRequest,
            'The server is already initialized: `initialize` may be sent only once per connection.',
          );
        }
        this.state = 'initialized';
      } else if (this.state === 'new') {
        return this.refuse(
          message,
          ErrorCodes.ServerNotInitialized,
          `The server is not initialized yet: send \`initialize\` before \`${String(message.method)}\`.`,
        );
      } else if (message.method === 'shutdown') {
        this.state = 'shutDown';
      }
    } else if (Message.isNotification(message) && message.method !== 'exit' && this.state !== 'initialized') {
      return;
    }
    this.onPass(message);
    callback(message);
  }

  private refuse(request: RequestMessage, code: number, text: string): void {
    const response: ResponseMessage = { jsonrpc: '2.0', id: request.id, error: { code, message: text } };
    void this.writer.write(response).catch(() => undefined);
  }
}
