/**
 * The logo is never read whole: its size comes from stat, only the header bytes image-size needs are read, and the
 * server re-validates a document when a file its analysis read changes (recorded by the file port, not guessed).
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

const ASSETS = path.join(ROOT, 'test/fixtures/rules/assets');
const logoCodes = (diagnostics: { code?: unknown }[]) =>
  diagnostics
    .map((d) => String(d.code))
    .filter((c) => c.startsWith('IMP-LOGO'))
    .sort();

/** A JPEG whose frame header (SOF) comes after `segments` comment segments of 64 KB: far past a first small read. */
function jpegWithMetadata(source: Buffer, segments: number): Buffer {
  const comment = Buffer.alloc(4 + 65533, 0x78);
  comment.writeUInt16BE(0xfffe, 0);
  comment.writeUInt16BE(65535, 2);
  return Buffer.concat([source.subarray(0, 2), ...Array.from({ length: segments }, () => comment), source.subarray(2)]);
}

describe('language server: the logo', () => {
  let client: TestLspClient;
  let workspace: string;

  async function analyzeWithLogo(name: string, logo: string, timeoutMs = 10000) {
    const uri = pathToFileURL(path.join(workspace, `imprivata-enterprise-${name}.yaml`)).toString();
    const waiting = client.waitFor(uri, () => true, timeoutMs);
    const started = performance.now();
    await client.open(uri, `version: 1\ncloudPlatform:\n  logo: ${logo}\n`);
    const published = await waiting;
    return { uri, diagnostics: published.diagnostics, ms: published.at - started };
  }

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-logo-'));
    client = new TestLspClient();
    await client.initialize(workspace);
  });

  after(async () => {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('a 2 GiB logo (sparse) is reported with its real size, quickly and without reading it, not as "does not exist"', async () => {
    const logo = path.join(workspace, 'huge.png');
    writeFileSync(logo, readFileSync(path.join(ASSETS, 'logo.png')));
    truncateSync(logo, 2 * 1024 ** 3);
    const rssBefore = client.rssKiB();
    const { uri, diagnostics, ms } = await analyzeWithLogo('huge', 'huge.png');
    assert.deepEqual(logoCodes(diagnostics), ['IMP-LOGO-004']);
    const size = diagnostics.find((d) => d.code === 'IMP-LOGO-004');
    assert.match(String(size?.message), /is 2,147,483,648 bytes \(2\.0 GB\); at most 102,400 bytes/);
    assert.ok(ms < 2000, `analyzed in ${Math.round(ms)} ms`);
    assert.ok(client.rssKiB() - rssBefore < 50 * 1024, 'the server did not read the file');
    await client.close(uri);
  });

  it('a JPEG whose size follows 192 KB of metadata is still measured (the header read grows)', async () => {
    writeFileSync(path.join(workspace, 'tall-with-metadata.jpg'), jpegWithMetadata(readFileSync(path.join(ASSETS, 'logo-tall.jpg')), 3));
    const { uri, diagnostics } = await analyzeWithLogo('metadata', 'tall-with-metadata.jpg');
    assert.deepEqual(logoCodes(diagnostics), ['IMP-LOGO-003', 'IMP-LOGO-004']);
    assert.match(String(diagnostics.find((d) => d.code === 'IMP-LOGO-003')?.message), /is 150 x 120 pixels/);
    await client.close(uri);
  });

  it('a logo created after the analysis is noticed without a file event (the missing path was recorded as read)', async () => {
    const { uri, diagnostics } = await analyzeWithLogo('later', 'later.png');
    assert.deepEqual(logoCodes(diagnostics), ['IMP-LOGO-001']);
    const cleared = client.waitFor(uri, (p) => logoCodes(p.diagnostics).length === 0, 8000);
    copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(workspace, 'later.png'));
    await cleared;
    await client.close(uri);
  });

  it('a file event for the logo the document names now re-validates it, after the path was edited', async () => {
    copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(workspace, 'first.png'));
    copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(workspace, 'second.png'));
    const { uri, diagnostics } = await analyzeWithLogo('edited', 'first.png');
    assert.deepEqual(logoCodes(diagnostics), []);
    let waiting = client.waitFor(uri, (p) => p.version === 2);
    await client.change(uri, 2, [{ range: { start: { line: 2, character: 8 }, end: { line: 2, character: 13 } }, text: 'second' }]);
    assert.deepEqual(logoCodes((await waiting).diagnostics), []);

    const second = path.join(workspace, 'second.png');
    copyFileSync(path.join(ROOT, 'examples/broken/assets/logo-large.png'), second);
    waiting = client.waitFor(uri, (p) => logoCodes(p.diagnostics).length > 0, 1500);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(second).toString(), type: 2 }],
    });
    assert.deepEqual(logoCodes((await waiting).diagnostics), ['IMP-LOGO-002', 'IMP-LOGO-003', 'IMP-LOGO-004']);
    await client.close(uri);
  });
});
