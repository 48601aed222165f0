import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

/**
 * Node's own network modules that only the preflight engine (undici, nodemailer, the DNS and TLS checks) loads.
 * The server bundle holds the engine; evidence that the bundle evaluated it is Node loading these.
 */
const PREFLIGHT_ONLY_BUILTINS = ['tls', 'http', 'https', 'http2', 'dns'];

/**
 * Preloaded into the server process (`node --require`): at exit, writes the built-in modules Node loaded
 * (process.moduleLoadList) to the file PROBE_OUTPUT names.
 */
const PROBE = `process.on('exit', () => require('node:fs').writeFileSync(process.env.PROBE_OUTPUT, process.moduleLoadList.join('\\n')));\n`;

function loadedBuiltins(listFile: string): Set<string> {
  const loaded = new Set<string>();
  for (const line of readFileSync(listFile, 'utf8').split('\n')) {
    const match = /^NativeModule (\S+)$/.exec(line);
    if (match?.[1]) loaded.add(match[1]);
  }
  return loaded;
}

/** The language server's start-up cost: the preflight engine and its libraries load on the first preflight only. */
describe('language server: lazy loading of the preflight engine', () => {
  let workspace: string;
  let probe: string;
  let listFile: string;
  let client: TestLspClient;
  const exampleFile = path.join(ROOT, 'examples', 'imprivata-enterprise.yaml');
  const uri = pathToFileURL(exampleFile).toString();

  beforeEach(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-lazy-'));
    probe = path.join(workspace, 'probe.js');
    listFile = path.join(workspace, 'modules.txt');
    writeFileSync(probe, PROBE);
    client = new TestLspClient(undefined, ['--require', probe], { ...process.env, PROBE_OUTPUT: listFile });
    await client.initialize(path.dirname(exampleFile));
    await client.open(uri, readFileSync(exampleFile, 'utf8'));
    await client.waitFor(uri);
  });

  afterEach(async () => {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  async function exitAndList(): Promise<Set<string>> {
    const exited = new Promise((resolve) => (client.process.exitCode !== null ? resolve(undefined) : client.process.once('exit', resolve)));
    await client.shutdown();
    await exited;
    return loadedBuiltins(listFile);
  }

  it('diagnostics, completion, hover and the allowlist ticket do not load the network modules', async () => {
    await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 4 } });
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 4 } });
    await client.request('workspace/executeCommand', { command: 'imprivata.server.preflight.allowlist', arguments: [{ uri }] });
    const loaded = await exitAndList();
    assert.ok(loaded.size > 0, 'the probe recorded the loaded modules');
    assert.deepEqual(
      PREFLIGHT_ONLY_BUILTINS.filter((name) => loaded.has(name)),
      [],
    );
  });

  it('a preflight command loads them (the evidence above can fail)', async () => {
    // An invalid --resolve rule: the engine is loaded, then the run stops before any connection.
    await assert.rejects(
      client.request('workspace/executeCommand', {
        command: 'imprivata.server.preflight.run',
        arguments: [{ uri, options: { resolve: ['not-a-rule'] } }],
      }),
      /--resolve/,
    );
    const loaded = await exitAndList();
    assert.deepEqual(
      PREFLIGHT_ONLY_BUILTINS.filter((name) => loaded.has(name)),
      PREFLIGHT_ONLY_BUILTINS,
    );
  });
});
