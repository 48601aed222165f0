/**
 * When the language server's forced garbage collections run (lsp/memory.ts): never between a message's arrival and
 * its handling, never while a client sends requests without a pause (a user typing and asking for completions and
 * hovers), and still often enough that garbage does not pile up. Driven by a fake event loop: a clock, a queue of
 * next-turn callbacks and timers, a heap whose size the test sets; ordering, not timing.
 */
import { strict as assert } from 'node:assert';
import type { Message } from 'vscode-languageserver/node';
import {
  CollectionScheduler,
  GARBAGE_BUDGET_BYTES,
  IDLE_RELEASE_MS,
  MEMORY_RELEASE_BYTES,
  QUIET_MS,
  REQUESTS_RECENT_MS,
} from '../../server/src/lsp/memory';
import type { CollectorRuntime } from '../../server/src/lsp/memory';

const MB = 1024 * 1024;
const EXAMPLE_LENGTH = 5624;
const LIVE = 10 * MB;

const didChange: Message = { jsonrpc: '2.0', method: 'textDocument/didChange', params: {} } as Message;
let nextId = 1;
const hover = (): Message => ({ jsonrpc: '2.0', id: nextId++, method: 'textDocument/hover', params: {} }) as Message;
const initialize: Message = { jsonrpc: '2.0', id: 0, method: 'initialize', params: {} } as Message;

/** One event loop: the next-turn queue runs in order; timers fire as the clock passes them. */
class FakeLoop implements CollectorRuntime {
  clock = 0;
  heap = LIVE;
  /** What happened, in order: the messages read and handled, and each collection. */
  readonly events: string[] = [];
  private turnQueue: (() => void)[] = [];
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = [];

  now(): number {
    return this.clock;
  }
  heapUsed(): number {
    return this.heap;
  }
  collect(): void {
    this.events.push('collect');
    this.heap = LIVE;
  }
  nextTurn(callback: () => void): void {
    this.turnQueue.push(callback);
  }
  after(ms: number, callback: () => void): () => void {
    const timer = { at: this.clock + ms, callback, cancelled: false };
    this.timers.push(timer);
    return () => (timer.cancelled = true);
  }

  /** One turn: the callbacks queued before it, in order. */
  turn(): void {
    const queued = this.turnQueue;
    this.turnQueue = [];
    for (const callback of queued) callback();
  }

  /** Turns until nothing is queued for the next one (the loop then waits for input or a timer). */
  settle(): void {
    for (let i = 0; i < 1000 && this.turnQueue.length; i++) this.turn();
  }

  /** Lets `ms` pass (after the turns already queued, which take no time): the timers due meanwhile fire in order. */
  advance(ms: number): void {
    this.settle();
    const until = this.clock + ms;
    for (;;) {
      const due = this.timers.filter((t) => !t.cancelled && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.clock = Math.max(this.clock, due.at);
      due.cancelled = true;
      due.callback();
      this.settle();
    }
    this.clock = until;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }

  collections(): number {
    return this.events.filter((e) => e === 'collect').length;
  }
}

/**
 * A server on the fake loop, ordered as the real one is: the messages of a chunk are read at once (each noted),
 * then handled one per turn (as vscode-jsonrpc does); a change is analyzed two turns after it was handled (as
 * analyzer.ts schedules it), and the analysis may leave garbage.
 */
function serverOn(loop: FakeLoop, garbagePerAnalysis: number, textLength = EXAMPLE_LENGTH) {
  const scheduler = new CollectionScheduler(loop);
  // The first analysis (of the open document) marks what is live.
  scheduler.afterAnalysis(textLength);
  const queue: Message[] = [];
  let triggered = false;
  const processOne = (): void => {
    triggered = false;
    const message = queue.shift();
    if (!message) return;
    loop.events.push(`handle ${kindOf(message)}`);
    if (kindOf(message) === 'change') {
      loop.nextTurn(() =>
        loop.nextTurn(() => {
          loop.heap += garbagePerAnalysis;
          loop.events.push('analyze');
          scheduler.afterAnalysis(textLength);
        }),
      );
    }
    if (queue.length) trigger();
  };
  const trigger = (): void => {
    if (triggered) return;
    triggered = true;
    loop.nextTurn(processOne);
  };
  return {
    scheduler,
    /** One chunk arrives: its messages are read now, and handled in the turns that follow. */
    receive(...messages: Message[]): void {
      for (const message of messages) {
        scheduler.noteMessage(message);
        loop.events.push(`read ${kindOf(message)}`);
        queue.push(message);
      }
      trigger();
    },
  };
}

function kindOf(message: Message): string {
  return (message as { method?: string }).method === 'textDocument/didChange' ? 'change' : 'request';
}

/** Whether a collection ran after a message was read and before it was handled. */
function collectedInFrontOfAMessage(events: readonly string[]): boolean {
  let waiting = 0;
  for (const event of events) {
    if (event.startsWith('read ')) waiting++;
    else if (event.startsWith('handle ')) waiting--;
    else if (event === 'collect' && waiting > 0) return true;
  }
  return false;
}

describe('language server: when forced garbage collections run (lsp/memory.ts)', () => {
  it('edits only: a collection due after an analysis runs in the next turn, before the next edit is read', () => {
    const loop = new FakeLoop();
    const server = serverOn(loop, GARBAGE_BUDGET_BYTES / 2 + 1);
    server.receive(didChange);
    loop.settle();
    assert.equal(loop.collections(), 0, 'under the budget: no collection');
    server.receive(didChange);
    loop.settle();
    assert.deepEqual(loop.events.slice(-2), ['analyze', 'collect'], 'over the budget: in the turn after the analysis');
    assert.equal(loop.heap, LIVE);
  });

  it('a message read between the analysis and that turn goes first; the collection waits for a pause', () => {
    const loop = new FakeLoop();
    const server = serverOn(loop, GARBAGE_BUDGET_BYTES + MB);
    server.receive(didChange);
    // Turn by turn up to the analysis; the next chunk is read before the turn after it.
    while (!loop.events.includes('analyze')) loop.turn();
    server.receive(hover());
    loop.settle();
    assert.equal(loop.collections(), 0, 'not in front of the hover, nor right after it');
    loop.advance(QUIET_MS - 1);
    assert.equal(loop.collections(), 0, 'not before the pause is long enough');
    loop.advance(2);
    assert.equal(loop.collections(), 1, 'once no message came for QUIET_MS');
    assert.ok(!collectedInFrontOfAMessage(loop.events), loop.events.join(', '));
  });

  it('requests without a pause (type, ask, type, ask): no forced collection while they come, one at the first pause', () => {
    const loop = new FakeLoop();
    const server = serverOn(loop, 100 * 1024);
    // As the benchmark does: a change and a hover in one chunk; the next chunk as soon as the hover is answered,
    // while the change is still being analyzed.
    for (let i = 0; i < 200; i++) {
      server.receive(didChange, hover());
      loop.turn();
      loop.turn();
      loop.advance(0.5);
    }
    loop.settle();
    assert.ok(loop.heap - LIVE > GARBAGE_BUDGET_BYTES, 'more garbage than the budget piled up');
    assert.equal(loop.collections(), 0, 'no collection between the requests');
    loop.advance(QUIET_MS);
    assert.equal(loop.collections(), 1, 'the pause after them');
    assert.ok(!collectedInFrontOfAMessage(loop.events), loop.events.join(', '));
  });

  it('a large document: a collection every MEMORY_RELEASE_BYTES of analyzed text, also while requests come', () => {
    const loop = new FakeLoop();
    const megabyte = 1024 * 1024;
    const server = serverOn(loop, 2 * MB, megabyte);
    for (let i = 0; i < 40; i++) {
      server.receive(didChange, hover());
      loop.turn();
      loop.turn();
      loop.turn();
      loop.advance(0.5);
    }
    // 41 analyses of 1 MB: one collection per 8 MB of text, none put off by the requests.
    assert.equal(loop.collections(), Math.floor((41 * megabyte) / MEMORY_RELEASE_BYTES));
  });

  it('never in front of a message, however the chunks fall', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const loop = new FakeLoop();
      const server = serverOn(loop, 700 * 1024);
      let state = seed;
      const random = (): number => (state = (state * 48271) % 2147483647) / 2147483647;
      for (let i = 0; i < 300; i++) {
        const chunk = random() < 0.5 ? [didChange, hover()] : random() < 0.5 ? [didChange] : [hover(), didChange, hover()];
        server.receive(...chunk);
        const turns = Math.floor(random() * 5);
        for (let t = 0; t < turns; t++) loop.turn();
        loop.advance(random() < 0.1 ? QUIET_MS + random() * IDLE_RELEASE_MS : random() * 2);
      }
      loop.settle();
      loop.advance(IDLE_RELEASE_MS * 2);
      assert.ok(loop.collections() > 0, `seed ${seed}: collected in the pauses`);
      assert.ok(!collectedInFrontOfAMessage(loop.events), `seed ${seed}: ${loop.events.join(', ')}`);
    }
  });

  it('requests lately but none now: a due collection still waits for a pause of QUIET_MS', () => {
    const loop = new FakeLoop();
    const server = serverOn(loop, GARBAGE_BUDGET_BYTES + MB);
    server.receive(hover());
    loop.settle();
    loop.advance(REQUESTS_RECENT_MS / 2);
    server.receive(didChange);
    loop.settle();
    assert.equal(loop.collections(), 0, 'not in the next turn: the user is asking for things');
    loop.advance(QUIET_MS);
    assert.equal(loop.collections(), 1);
  });

  it('initialize is not a request a user waits for: the edits after it collect in the next turn', () => {
    const loop = new FakeLoop();
    const server = serverOn(loop, GARBAGE_BUDGET_BYTES + MB);
    server.receive(initialize);
    server.receive(didChange);
    loop.settle();
    assert.equal(loop.collections(), 1);
  });

  it('under the budget: what is left goes once the messages pause for IDLE_RELEASE_MS, and only if it is much', () => {
    const loop = new FakeLoop();
    const server = serverOn(loop, MB);
    server.receive(didChange);
    loop.settle();
    loop.advance(IDLE_RELEASE_MS + 10);
    assert.equal(loop.collections(), 0, 'little garbage: kept');
    // A large document's analyses: over the budget, but not collected as they come (the heap is large).
    const large = new CollectionScheduler(loop);
    loop.heap = 100 * MB;
    large.noteMessage(didChange);
    large.afterAnalysis(1024 * 1024);
    loop.heap += GARBAGE_BUDGET_BYTES + MB;
    large.noteMessage(didChange);
    large.afterAnalysis(1024 * 1024);
    loop.settle();
    assert.equal(loop.collections(), 0, 'not at once on a large heap');
    loop.advance(IDLE_RELEASE_MS / 2);
    large.noteMessage(didChange);
    large.afterAnalysis(1024 * 1024);
    loop.advance(IDLE_RELEASE_MS - 1);
    assert.equal(loop.collections(), 0, 'a message pushes the pause back');
    loop.advance(2);
    assert.equal(loop.collections(), 1, 'after the pause');
  });
});
