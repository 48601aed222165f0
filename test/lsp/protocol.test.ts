/** The LSP base protocol and lifecycle, over a real stdio connection, some of it as raw bytes on the server's stdin. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exampleAsDirectoryTenant } from '../support/fixtures';
import { RawLspProcess, TestLspClient } from '../support/lspClient';

describe('language server protocol over stdio (raw bytes)', () => {
  const servers: RawLspProcess[] = [];
  function start(): RawLspProcess {
    const server = new RawLspProcess();
    servers.push(server);
    return server;
  }
  afterEach(() => {
    for (const server of servers.splice(0)) server.kill();
  });

  describe('a bad Content-Length framing is logged and the server exits with 1, so that the client restarts it', () => {
    const cases: [string, string][] = [
      ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
      ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"shutdown"}'],
      ['a Content-Length with trailing garbage', 'Content-Length: 12abc\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"shutdown"}'],
      ['no Content-Length header', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
      ['a header line without a colon', 'SECRET-TOKEN-abc123\r\n\r\n{}'],
      ['a Content-Length too short for the body', 'Content-Length: 10\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"shutdown"}'],
      ['an absurd Content-Length', 'Content-Length: 99999999999\r\n\r\n{}'],
      ['text that is not a header at all', 'SECRET-TOKEN-abc123 '.repeat(1000)],
    ];
    for (const [name, bytes] of cases) {
      it(name, async () => {
        const server = start();
        await server.initialize();
        server.write(bytes);
        assert.equal(await server.exitCode(), 1, `still running after ${name}; stderr: ${server.stderr}`);
        assert.match(server.stderr, /imprivata language server: the client sent .+; .* exits \(code 1\) for the client to restart it/);
        assert.doesNotMatch(server.stderr, /SECRET-TOKEN|jsonrpc|shutdown/, 'never echoes the bytes received');
        assert.doesNotMatch(server.stderr, /\n\s+at /, 'no stack trace');
      });
    }
  });

  it('a request before initialize gets ServerNotInitialized (-32002), and initialize still works afterwards', async () => {
    const server = start();
    const early = await server.request(1, 'textDocument/codeAction', {
      textDocument: { uri: 'file:///x.yaml' },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.equal(early.error?.code, -32002);
    const init = await server.initialize(2);
    assert.ok(init.result, 'initialize answered with a result');
  });

  it('a second initialize is refused with InvalidRequest (-32600) and the server keeps working', async () => {
    const server = start();
    const first = await server.initialize(1);
    assert.ok((first.result as { capabilities?: unknown }).capabilities);
    const second = await server.request(2, 'initialize', { processId: null, rootUri: null, capabilities: {} });
    assert.equal(second.error?.code, -32600);
    assert.match(String(second.error?.message), /only once/);
    server.send({
      method: 'textDocument/didOpen',
      params: {
        textDocument: { uri: 'file:///w/imprivata-enterprise.yaml', languageId: 'imprivata-yaml', version: 1, text: 'version: 3\n' },
      },
    });
    const published = await server.waitFor((m) => m.method === 'textDocument/publishDiagnostics');
    assert.equal((published.params as { diagnostics: { code: string }[] }).diagnostics[0].code, 'IMP-DOC-004');
  });

  it('after shutdown every request gets InvalidRequest (-32600), and exit ends the process with 0', async () => {
    const server = start();
    await server.initialize();
    const shutdown = await server.request(2, 'shutdown');
    assert.equal(shutdown.result, null);
    assert.equal(shutdown.error, undefined);
    const late = await server.request(3, 'textDocument/codeAction', {
      textDocument: { uri: 'file:///x.yaml' },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.equal(late.error?.code, -32600);
    const unknown = await server.request(4, 'initialize', { processId: null, rootUri: null, capabilities: {} });
    assert.equal(unknown.error?.code, -32600);
    server.send({ method: 'exit' });
    assert.equal(await server.exitCode(), 0);
  });

  it('exit without shutdown ends the process with 1', async () => {
    const server = start();
    await server.initialize();
    server.send({ method: 'exit' });
    assert.equal(await server.exitCode(), 1);
  });

  it('the client closing stdin ends the process (1 without shutdown)', async () => {
    const server = start();
    await server.initialize();
    server.process.stdin?.end();
    assert.equal(await server.exitCode(), 1);
  });
});

describe('language server: malformed and repeated notifications', () => {
  let client: TestLspClient;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-protocol-'));
    client = new TestLspClient();
    await client.initialize(workspace);
  });

  after(async () => {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  /** The example as an Imprivata Directory tenant (IMP-IDP-002), its logo left unknowable. */
  function directoryTenant(tenant: string, domain: string): string {
    return exampleAsDirectoryTenant(tenant, domain).replace('assets/logo.png', '${env:LOGO}');
  }

  it('a didOpen with a non-string URI is rejected (logged) and later cross-file re-validation still works', async () => {
    for (const uri of [42, { path: '/x' }, null, ['file:///a']]) {
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'imprivata-yaml', version: 1, text: 'version: 1\n' },
      });
    }
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'file:///no-text.yaml', languageId: 'imprivata-yaml', version: 1, text: 7 },
    });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: 5, version: 2 },
      contentChanges: [{ text: 'x' }],
    });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: {} } });

    const first = pathToFileURL(path.join(workspace, 'imprivata-enterprise-a.yaml')).toString();
    const second = pathToFileURL(path.join(workspace, 'imprivata-enterprise-b.yaml')).toString();
    let waiting = client.waitFor(first);
    await client.open(first, directoryTenant('alphahealth', 'shareddomain'));
    assert.deepEqual((await waiting).diagnostics, []);
    const firstAgain = client.waitFor(first, (p) => p.diagnostics.some((d) => d.code === 'IMP-IDP-002'));
    waiting = client.waitFor(second);
    await client.open(second, directoryTenant('betahealth', 'shareddomain'));
    assert.deepEqual(
      (await waiting).diagnostics.map((d) => d.code),
      ['IMP-IDP-002'],
    );
    await firstAgain;
    assert.ok(
      client.logs.some((l) => /ignored a `textDocument\/didOpen` notification whose textDocument is missing or malformed/.test(l)),
      client.logs.join('\n'),
    );
    assert.equal(client.process.exitCode, null);
    await client.close(first);
    await client.close(second);
  });

  it('the same version with new text is analysed again (didChange and a second didOpen)', async () => {
    const uri = pathToFileURL(path.join(workspace, 'same-version', 'imprivata-enterprise.yaml')).toString();
    let waiting = client.waitFor(uri);
    await client.open(uri, 'version: 1\n');
    assert.deepEqual((await waiting).diagnostics, []);

    waiting = client.waitFor(uri, (p) => p.diagnostics.length > 0);
    await client.change(uri, 1, [{ text: 'version: 7\n' }]);
    assert.deepEqual(
      (await waiting).diagnostics.map((d) => d.code),
      ['IMP-DOC-004'],
    );

    waiting = client.waitFor(uri, (p) => p.diagnostics.length === 0);
    await client.change(uri, 1, [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 10 } }, text: '1' }]);
    await waiting;

    waiting = client.waitFor(uri, (p) => p.diagnostics.length > 0);
    await client.open(uri, 'version: 9\n', 'imprivata-yaml', 1);
    assert.deepEqual(
      (await waiting).diagnostics.map((d) => d.code),
      ['IMP-DOC-004'],
    );
    await client.close(uri);
  });

  it('a codeAction request without its parameters gets InvalidParams, and the server stays up', async () => {
    await assert.rejects(
      client.request('textDocument/codeAction', { textDocument: { uri: 3 } }),
      (error: { code?: number }) => error.code === -32602,
    );
    await assert.rejects(client.request('textDocument/codeAction', null), (error: { code?: number }) => error.code === -32602);
    const uri = pathToFileURL(path.join(workspace, 'after-invalid', 'imprivata-enterprise.yaml')).toString();
    const waiting = client.waitFor(uri);
    await client.open(uri, 'version: 3\n');
    assert.equal((await waiting).diagnostics[0].code, 'IMP-DOC-004');
    await client.close(uri);
  });
});
