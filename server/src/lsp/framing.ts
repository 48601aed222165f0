/**
 * A strict check of the LSP base protocol's framing on the server's standard input, in front of vscode-jsonrpc's
 * reader (which decodes the messages). That reader accepts a negative or absurd `Content-Length` and, on a header
 * it rejects, keeps reading the rest of the stream as headers: the server stays alive but deaf. Here any framing
 * error is reported once, so the server can log it and exit for the client to restart it.
 *
 * The bytes pass through unchanged; only the headers are parsed (the body is counted, not read).
 */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/** Larger messages are taken for a damaged header (a 10 MB document is about 12 MB of JSON). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** A header block longer than this without its blank line is not a header. */
const MAX_HEADER_BYTES = 8 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n');

/** What was wrong with the framing, in words for the log (never the bytes received). */
export type FramingProblem =
  | 'a header line without a colon'
  | 'no Content-Length header'
  | 'a Content-Length that is not a decimal number'
  | 'a Content-Length above the limit'
  | 'a header block that never ends';

export class FramingCheck extends Transform {
  /** Bytes of the current body still to pass; -1 while reading a header block. */
  private bodyRemaining = -1;
  private header: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly onProblem: (problem: FramingProblem) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.failed) return callback();
    let offset = 0;
    while (offset < chunk.length) {
      if (this.bodyRemaining >= 0) {
        const take = Math.min(this.bodyRemaining, chunk.length - offset);
        offset += take;
        this.bodyRemaining -= take;
        if (this.bodyRemaining === 0) this.bodyRemaining = -1;
        continue;
      }
      // In a header block, which may have begun in an earlier chunk: look at most MAX_HEADER_BYTES ahead.
      const window = chunk.subarray(offset, offset + MAX_HEADER_BYTES + HEADER_END.length);
      const pending = this.header.length ? Buffer.concat([this.header, window]) : window;
      const end = pending.indexOf(HEADER_END);
      if (end < 0 || end > MAX_HEADER_BYTES) {
        if (pending.length > MAX_HEADER_BYTES) return this.fail('a header block that never ends', callback);
        this.header = Buffer.from(pending);
        offset = chunk.length;
        break;
      }
      const problem = this.checkHeaders(pending.subarray(0, end).toString('latin1'));
      if (problem) return this.fail(problem, callback);
      offset += end + HEADER_END.length - this.header.length;
      this.header = Buffer.alloc(0);
    }
    callback(null, chunk);
  }

  /** Sets `bodyRemaining` from a header block (without its blank line), or says what is wrong with it. */
  private checkHeaders(block: string): FramingProblem | undefined {
    let length: number | undefined;
    for (const line of block.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) return 'a header line without a colon';
      if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
      const value = line.slice(colon + 1).trim();
      if (!/^\d{1,12}$/.test(value)) return 'a Content-Length that is not a decimal number';
      length = Number(value);
      if (length > MAX_MESSAGE_BYTES) return 'a Content-Length above the limit';
    }
    if (length === undefined) return 'no Content-Length header';
    this.bodyRemaining = length === 0 ? -1 : length;
    return undefined;
  }

  private fail(problem: FramingProblem, callback: TransformCallback): void {
    this.failed = true;
    // Nothing after a framing error can be trusted to be a message: stop passing bytes on.
    callback();
    this.onProblem(problem);
  }
}
