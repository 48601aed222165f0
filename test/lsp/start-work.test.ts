import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, exampleAsDirectoryTenant } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

const EXAMPLE = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');

/** What the server does before the first diagnostics of the file a user opens: that file is parsed once. */
describe('language server: work before the first diagnostics', () => {
  let workspace: string;
  let client: TestLspClient;

  beforeEach(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-start-'));
    mkdirSync(path.join(workspace, 'assets'));
    copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(workspace, 'assets/logo.png'));
  });

  afterEach(async () => {
    await client?.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('the workspace scan does not read the file the editor opens (its text comes from the editor), yet the first diagnostics see the other files', async () => {
    const opened = path.join(workspace, 'imprivata-enterprise-a.yaml');
    // On disk, the opened file is not UTF-8 (a stale Latin-1 copy): reading it would log that it was skipped.
    writeFileSync(opened, Buffer.from('enterprise:\n  name: Caf\xe9\n', 'latin1'));
    writeFileSync(path.join(workspace, 'imprivata-enterprise-b.yaml'), exampleAsDirectoryTenant('betahealth', 'shareddomain'));
    client = new TestLspClient();
    await client.initialize(workspace);
    const uri = pathToFileURL(opened).toString();
    const first = client.waitFor(uri);
    await client.open(uri, exampleAsDirectoryTenant('alphahealth', 'shareddomain'));
    const published = await first;
    assert.deepEqual(
      published.diagnostics.map((d) => String(d.code)),
      ['IMP-IDP-002'],
      'the other file of the workspace is read for the first diagnostics, not after them',
    );
    assert.deepEqual(
      client.logs.filter((l) => l.includes('imprivata-enterprise-a.yaml')),
      [],
      'the opened file was read from disk',
    );
  });

  it('loads neither child_process nor crypto (vscode-languageserver requires them for features unused over stdio)', async () => {
    const probe = path.join(workspace, 'probe.js');
    const listFile = path.join(workspace, 'modules.txt');
    // Preloaded into the server (`node --require`): at exit, writes the built-in modules Node loaded.
    writeFileSync(
      probe,
      `process.on('exit', () => require('node:fs').writeFileSync(process.env.PROBE_OUTPUT, process.moduleLoadList.join('\\n')));\n`,
    );
    client = new TestLspClient(undefined, ['--require', probe], { ...process.env, PROBE_OUTPUT: listFile });
    await client.initialize(workspace);
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
    const first = client.waitFor(uri);
    await client.open(uri, EXAMPLE);
    await first;
    // Completion and hover too: the features a user meets first.
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 4 } });
    await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 4 } });
    const exited = new Promise((resolve) => (client.process.exitCode !== null ? resolve(undefined) : client.process.once('exit', resolve)));
    await client.shutdown();
    await exited;
    const loaded = readFileSync(listFile, 'utf8').split('\n');
    assert.ok(loaded.includes('NativeModule stream'), 'the probe lists the built-in modules');
    for (const name of ['child_process', 'crypto']) assert.ok(!loaded.includes(`NativeModule ${name}`), `${name} was loaded`);
  });

  it('a file of the workspace that cannot be read is still reported when another file needs it', async () => {
    writeFileSync(path.join(workspace, 'imprivata-enterprise-latin1.yaml'), Buffer.from('enterprise:\n  name: Caf\xe9\n', 'latin1'));
    client = new TestLspClient();
    await client.initialize(workspace);
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
    const first = client.waitFor(uri);
    await client.open(uri, EXAMPLE);
    await first;
    assert.ok(
      client.logs.some((l) => l.includes('imprivata-enterprise-latin1.yaml') && /skipped .*not UTF-8/.test(l)),
      `logs: ${client.logs.join(' | ')}`,
    );
  });
});
