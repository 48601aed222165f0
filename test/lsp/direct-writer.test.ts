/**
 * The server's stdio writer (lsp/direct-writer.ts): a message is on the stream when `write` returns, framed as the
 * base protocol says, in one write. vscode-jsonrpc's own writer hands over in a later turn of the event loop, where
 * an answer waited behind the analysis queued meanwhile (the first test fails with it).
 */
import { strict as assert } from 'node:assert';
import { PassThrough, Writable } from 'node:stream';
import { StreamMessageWriter } from 'vscode-languageserver/node';
import type { Message, MessageWriter } from 'vscode-languageserver/node';
import { DirectMessageWriter } from '../../server/src/lsp/direct-writer';

/** A stream that keeps each write apart. */
function recordingStream(): { stream: Writable; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, writes };
}

const hover: Message & { id: number; result: unknown } = {
  jsonrpc: '2.0',
  id: 7,
  result: { contents: { kind: 'markdown', value: 'Région — “naïve” ✓ 🏥' } },
};

/** `hover` written by a writer on a recording stream: the writes made before `write` returned, and all of them once it settled. */
async function writeOne(makeWriter: (stream: Writable) => MessageWriter): Promise<{ sameTurn: number; writes: Buffer[] }> {
  const { stream, writes } = recordingStream();
  const written = makeWriter(stream).write(hover);
  const sameTurn = writes.length;
  await written;
  return { sameTurn, writes };
}

describe('DirectMessageWriter (the stdio writer)', () => {
  it('puts the message on the stream before write() returns, header and body in one write', async () => {
    const { sameTurn, writes } = await writeOne((stream) => new DirectMessageWriter(stream));
    assert.equal(sameTurn, 1, 'written at once, in one write');
    const bytes = writes[0];
    const json = JSON.stringify(hover);
    const header = `Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n`;
    assert.equal(bytes.toString('utf8'), header + json);
    // Content-Length counts bytes, not characters: the accents and the emoji take more than one.
    assert.ok(Buffer.byteLength(json, 'utf8') > json.length);
  });

  it('vscode-jsonrpc’s StreamMessageWriter does not (why this writer exists)', async () => {
    const { sameTurn, writes } = await writeOne((stream) => new StreamMessageWriter(stream));
    assert.equal(sameTurn, 0, 'nothing written in the same turn');
    assert.equal(writes.length, 2, 'header and body apart');
  });

  it('keeps the order of the messages, and a reader decodes each', async () => {
    const stream = new PassThrough();
    const writer = new DirectMessageWriter(stream);
    const messages = Array.from({ length: 50 }, (_, i) => ({
      jsonrpc: '2.0',
      method: 'window/logMessage',
      params: { type: 4, message: `n${i} é` },
    }));
    await Promise.all(messages.map((m) => writer.write(m)));
    stream.end();
    const all: Buffer[] = [];
    for await (const chunk of stream) all.push(chunk as Buffer);
    let rest = Buffer.concat(all);
    const decoded: unknown[] = [];
    while (rest.length > 0) {
      const headerEnd = rest.indexOf('\r\n\r\n');
      const length = Number(/Content-Length: (\d+)/.exec(rest.subarray(0, headerEnd).toString('ascii'))?.[1]);
      decoded.push(JSON.parse(rest.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')));
      rest = rest.subarray(headerEnd + 4 + length);
    }
    assert.deepEqual(decoded, messages);
  });

  it('reports a failed write to the connection (an error event with the message and a count) and rejects', async () => {
    const stream = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('EPIPE'));
      },
    });
    stream.on('error', () => undefined);
    const writer = new DirectMessageWriter(stream);
    const errors: [Error, Message | undefined, number | undefined][] = [];
    writer.onError((event) => errors.push(event));
    await assert.rejects(writer.write(hover), /EPIPE/);
    assert.ok(errors.some(([error, message, count]) => /EPIPE/.test(error.message) && message === hover && count === 1));
  });

  it('rejects a message that cannot be serialized, and writes nothing', async () => {
    const { stream, writes } = recordingStream();
    const writer = new DirectMessageWriter(stream);
    const cyclic: Record<string, unknown> = { jsonrpc: '2.0', method: 'x' };
    cyclic.params = cyclic;
    await assert.rejects(writer.write(cyclic as unknown as Message));
    assert.equal(writes.length, 0);
  });
});
