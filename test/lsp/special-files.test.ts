/**
 * Files a repository may ship under our file names that must never block or exhaust the server: a FIFO (opening it
 * for reading waits for a writer, for ever), a device (`/dev/zero` never ends), a huge file. Real FIFOs made with
 * `mkfifo`, over a real stdio connection.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

function mkfifo(filePath: string): void {
  const made = spawnSync('mkfifo', [filePath]);
  assert.equal(made.status, 0, `mkfifo failed: ${String(made.stderr)}`);
}

describe('language server: special files are never opened', () => {
  let client: TestLspClient;
  let workspace: string;

  /** The server is not blocked: it still analyzes a document and answers a request, within a few seconds. */
  async function assertResponsive(name: string): Promise<void> {
    const uri = pathToFileURL(path.join(workspace, 'probe', name, 'imprivata-enterprise.yaml')).toString();
    const waiting = client.waitFor(uri, () => true, 5000);
    await client.open(uri, 'version: 3\n');
    const published = await waiting;
    assert.equal(published.diagnostics[0]?.code, 'IMP-DOC-004');
    const actions = await client.request<unknown[]>(
      'textDocument/codeAction',
      { textDocument: { uri }, range: published.diagnostics[0].range, context: { diagnostics: published.diagnostics } },
      5000,
    );
    assert.ok(Array.isArray(actions));
    await client.close(uri);
  }

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-special-'));
    // Present when the workspace is scanned at start-up.
    mkfifo(path.join(workspace, 'imprivata-enterprise-at-start.yaml'));
    client = new TestLspClient();
    await client.initialize(workspace);
  });

  after(async () => {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('a FIFO found by the start-up scan is skipped, and the log says why', async () => {
    await assertResponsive('start');
    assert.ok(
      client.logs.some((l) => l.includes('imprivata-enterprise-at-start.yaml') && /skipped .*not a regular file/.test(l)),
      client.logs.join('\n'),
    );
  });

  it('a file event naming a FIFO does not block the server', async () => {
    const fifo = path.join(workspace, 'imprivata-enterprise-event.yaml');
    mkfifo(fifo);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(fifo).toString(), type: 1 }],
    });
    await assertResponsive('event');
    assert.ok(
      client.logs.some((l) => l.includes(fifo) && l.includes('is a named pipe (FIFO), not a regular file')),
      client.logs.join('\n'),
    );
  });

  it('closing a document backed by a FIFO does not block the server', async () => {
    const fifo = path.join(workspace, 'imprivata-enterprise-open.yaml');
    mkfifo(fifo);
    const uri = pathToFileURL(fifo).toString();
    const waiting = client.waitFor(uri);
    await client.open(uri, 'version: 1\n');
    await waiting;
    await client.close(uri);
    await assertResponsive('close');
  });

  it('a file event naming a link to /dev/zero, or a 2 GiB configuration, reads nothing of it', async () => {
    const zero = path.join(workspace, 'imprivata-enterprise-zero.yaml');
    symlinkSync('/dev/zero', zero);
    const huge = path.join(workspace, 'imprivata-enterprise-huge.yaml');
    writeFileSync(huge, 'version: 1\n');
    truncateSync(huge, 2 * 1024 ** 3);
    const before = client.rssKiB();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [zero, huge].map((f) => ({ uri: pathToFileURL(f).toString(), type: 2 })),
    });
    await assertResponsive('zero');
    assert.ok(client.rssKiB() - before < 100 * 1024, 'the server did not read the device or the huge file');
    assert.ok(
      client.logs.some((l) => l.includes(zero) && l.includes('is a character device, not a regular file')),
      client.logs.join('\n'),
    );
    assert.ok(
      client.logs.some((l) => l.includes(huge) && /is larger than 8 MiB.*not read \(2,147,483,648 bytes\)/.test(l)),
      client.logs.join('\n'),
    );
  });

  it('a preflight command naming a FIFO that is not open is refused at once (InvalidParams)', async () => {
    const fifo = path.join(workspace, 'imprivata-enterprise-command.yaml');
    mkfifo(fifo);
    await assert.rejects(
      client.request(
        'workspace/executeCommand',
        { command: 'imprivata.server.preflight.allowlist', arguments: [{ uri: pathToFileURL(fifo).toString() }] },
        5000,
      ),
      (error: { code?: number; message?: string }) => error.code === -32602 && /named pipe \(FIFO\)/.test(String(error.message)),
    );
    await assertResponsive('command');
  });

  it('IMP-LOGO-001: a logo that is a FIFO, a device or a folder is reported as what it is, never opened', async () => {
    const dir = path.join(workspace, 'logos');
    mkdirSync(dir);
    mkfifo(path.join(dir, 'pipe.png'));
    symlinkSync('/dev/zero', path.join(dir, 'zero.png'));
    mkdirSync(path.join(dir, 'folder.png'));
    copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(dir, 'logo.png'));
    const cases: [string, RegExp][] = [
      ['pipe.png', /is a named pipe \(FIFO\), not a regular file/],
      ['zero.png', /is a device, not a regular file/],
      ['folder.png', /is a folder, not a regular file/],
    ];
    for (const [logo, message] of cases) {
      const uri = pathToFileURL(path.join(dir, `imprivata-enterprise-${logo}.yaml`)).toString();
      const waiting = client.waitFor(uri, () => true, 5000);
      await client.open(uri, `version: 1\ncloudPlatform:\n  logo: ${logo}\n`);
      const logoFindings = (await waiting).diagnostics.filter((d) => String(d.code).startsWith('IMP-LOGO'));
      assert.deepEqual(
        logoFindings.map((d) => d.code),
        ['IMP-LOGO-001'],
        logo,
      );
      assert.match(String(logoFindings[0].message), message);
      await client.close(uri);
    }
    await assertResponsive('logos');
  });
});
