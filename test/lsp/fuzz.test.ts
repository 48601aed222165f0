/**
 * The language server under random incremental edits with hostile content, over a real stdio connection
 * (fast-check, fixed seed, bounded count): every request is answered, the diagnostics of the last version always
 * arrive and never an older version's after them, every range lies inside the document; and the server's memory
 * comes back near where it was after a 5 MB document is replaced by a small one.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';
import type { Published } from '../support/lspClient';

const SEED = 20261130;
const RUNS = 100;

const EXAMPLE = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
const BROKEN = path.join(ROOT, 'examples/broken');
/** Starting texts: the example in every line ending (LF, CRLF, lone CR), the broken examples, nothing. */
const STARTS = [
  EXAMPLE,
  EXAMPLE.replace(/\n/g, '\r\n'),
  EXAMPLE.replace(/\n/g, '\r'),
  ...readdirSync(BROKEN)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(path.join(BROKEN, f), 'utf8')),
  '',
];

const ALIAS_BOMB =
  'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n';

/** What an edit inserts: YAML that means something here, and everything a hostile file may hold. */
const insertion: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\n',
    '\r\n',
    '\r',
    '\t',
    '\u0000',
    '\uFEFF',
    ': ',
    '- ',
    '? ',
    '# imprivata-disable IMP-HOST-001\n',
    '&a ',
    '*a',
    '<<: *a\n',
    '|\n',
    '>-\n',
    '"',
    "'",
    '{',
    '}',
    '[',
    ']',
    '${env:IMPRIVATA_X}',
    '!secret ',
    'version: 1\n',
    'enterprise:\n  tenantId: examplehealth\n  region: eu\n',
    'identityProvider:\n  type: saml\n  metadataUrl: http://idp.example.org/metadata\n',
    'smtp:\n  mode: oauth2\n  password: *hunter2\n',
    'firewall:\n  allowlist:\n    - host: astra.sys.imprivata.eu\n      port: 99999\n',
    'cloudPlatform:\n  logo: assets/logo.png\n',
    'cloudPlatform:\n  logo: /dev/zero\n',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.integer({ min: 1, max: 1000 }).map((n) => '['.repeat(n)),
  fc.integer({ min: 1, max: 60 }).map((n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + '\n'),
  fc.integer({ min: 1000, max: 200000 }).map((n) => 'x'.repeat(n)),
  fc.constant(ALIAS_BOMB),
);

type Step =
  | { kind: 'edit'; at: number; remove: number; text: string }
  | { kind: 'replace'; text: string }
  | { kind: 'request'; method: string; at: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('edit' as const), at: fc.nat(1000), remove: fc.nat(60), text: insertion }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), text: fc.oneof(fc.constantFrom(...STARTS), insertion) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      // codeAction is served; the others are not, and must still be answered (MethodNotFound).
      method: fc.constantFrom('textDocument/codeAction', 'textDocument/hover', 'textDocument/completion', 'textDocument/documentSymbol'),
      at: fc.nat(1000),
    }),
  },
);

/** Lines as LSP counts them: split at `\r\n`, `\r` and `\n`. */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function assertInside(diagnostic: Diagnostic, text: string): void {
  const lines = lineLengths(text);
  const { start, end } = diagnostic.range;
  const where = `${String(diagnostic.code)} ${start.line}:${start.character}-${end.line}:${end.character}`;
  for (const position of [start, end]) {
    assert.ok(position.line < lines.length, `${where}: line past the end (${lines.length} lines)`);
    assert.ok(
      position.character <= lines[position.line],
      `${where}: past the end of line ${position.line} (${lines[position.line]} characters)`,
    );
  }
  assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${where}: ends before it starts`);
}

describe('language server fuzzing over stdio (fast-check, fixed seed)', () => {
  let client: TestLspClient;
  let workspace: string;
  let documentCount = 0;

  /** The publication for `version`, whether it already arrived or is still to come. */
  function publicationFor(uri: string, version: number): Promise<Published> {
    const arrived = (client.published.get(uri) ?? []).find((p) => p.version === version);
    return arrived ? Promise.resolve(arrived) : client.waitFor(uri, (p) => p.version === version, 15000);
  }

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-fuzz-'));
    mkdirSync(path.join(workspace, 'assets'));
    copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(workspace, 'assets/logo.png'));
    client = new TestLspClient();
    await client.initialize(workspace);
  });

  after(async () => {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  it(`${RUNS} random edit sequences: every request answered, the last version's diagnostics arrive, ranges inside`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...STARTS), fc.array(step, { minLength: 1, maxLength: 10 }), async (start, steps) => {
        const uri = pathToFileURL(path.join(workspace, `fuzz-${++documentCount}`, 'imprivata-enterprise.yaml')).toString();
        let version = 1;
        let document = TextDocument.create(uri, 'imprivata-yaml', version, start);
        await client.open(uri, start);
        for (const s of steps) {
          const offset = (at: number) => Math.floor((at / 1000) * document.getText().length);
          if (s.kind === 'request') {
            const position = document.positionAt(offset(s.at));
            const published = client.published.get(uri) ?? [];
            const diagnostics = published.length ? published[published.length - 1].diagnostics : [];
            const params =
              s.method === 'textDocument/codeAction'
                ? { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics } }
                : { textDocument: { uri }, position };
            // Answered: a result, or an error response (MethodNotFound for what the server does not offer).
            await client.request(s.method, params, 10000).catch((error: { code?: number }) => {
              if (typeof error.code !== 'number') throw error;
            });
            continue;
          }
          const change =
            s.kind === 'edit'
              ? {
                  range: { start: document.positionAt(offset(s.at)), end: document.positionAt(offset(s.at) + s.remove) },
                  text: s.text,
                }
              : { text: s.text };
          const next = TextDocument.update(TextDocument.create(uri, 'imprivata-yaml', version, document.getText()), [change], version + 1);
          version++;
          document = next;
          await client.change(uri, version, [change]);
        }
        const last = await publicationFor(uri, version);
        for (const diagnostic of last.diagnostics) assertInside(diagnostic, document.getText());
        const versions = (client.published.get(uri) ?? []).map((p) => p.version ?? 0);
        assert.ok(
          versions.every((v, i) => i === 0 || v >= versions[i - 1]),
          `an older version was published after a newer one: ${versions.join(', ')}`,
        );
        await client.close(uri);
        assert.equal(client.process.exitCode, null, 'the server is alive');
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it('memory comes back near its baseline after a 5 MB document is replaced by a small one (tolerance: 48 MiB)', async () => {
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise-memory.yaml')).toString();
    await client.open(uri, EXAMPLE);
    await publicationFor(uri, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const baseline = client.rssKiB();

    const large =
      'version: 1\nfirewall:\n  allowlist:\n' +
      Array.from({ length: 25000 }, (_, i) => `    - host-${i}.${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example.org\n`).join(
        '',
      );
    assert.ok(large.length > 5 * 1024 * 1024);
    await client.change(uri, 2, [{ text: large }]);
    await publicationFor(uri, 2);
    const peak = client.rssKiB();

    await client.change(uri, 3, [{ text: EXAMPLE }]);
    assert.deepEqual((await publicationFor(uri, 3)).diagnostics, []);
    const tolerance = 48 * 1024;
    let after = client.rssKiB();
    for (let waited = 0; after > baseline + tolerance && waited < 3000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = client.rssKiB();
    }
    const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
    assert.ok(after <= baseline + tolerance, `RSS baseline ${mib(baseline)}, with 5 MB ${mib(peak)}, after ${mib(after)}`);
    await client.close(uri);
  });
});
