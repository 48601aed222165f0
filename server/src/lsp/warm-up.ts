/**
 * The request paths compiled before the user's first request. V8 compiles a function the first time it runs, and
 * the server runs without the optimizing compiler on small documents (optimizer.ts): the first completion of a
 * session took 3.3 ms on the example where the next ones took 1.3, the first hover 2.0 ms against 1.1. Right after
 * a document's first diagnostics are out (in the next turn, when no message came meanwhile; else once the
 * connection has been quiet for WARM_UP_IDLE_MS), the server runs its completion and hover handlers at a few places
 * of that document and drops the answers (features.ts `warmUp`): once per server, a few milliseconds while the user
 * reads the first diagnostics.
 */
export const WARM_UP_IDLE_MS = 250;

export class WarmUp {
  private armed = false;
  private timer: NodeJS.Timeout | undefined;
  private messagesRead = 0;

  constructor(private readonly idleMs = WARM_UP_IDLE_MS) {}

  /** A document's diagnostics were published: `run` on it where no message waits (once per server). */
  afterPublish(uri: string, run: (uri: string) => void): void {
    if (this.armed) return;
    this.armed = true;
    const fire = () => {
      this.timer = undefined;
      try {
        run(uri);
      } catch {
        // Answers nobody asked for: a failure here is the request handlers' to report when a user asks.
      }
    };
    const read = this.messagesRead;
    setImmediate(() => {
      if (this.messagesRead === read) return fire();
      this.timer = setTimeout(fire, this.idleMs);
      this.timer.unref();
    });
  }

  /** A message was read: a warm-up not run yet waits for the connection to be quiet. */
  noteMessage(): void {
    this.messagesRead++;
    this.timer?.refresh();
  }
}
