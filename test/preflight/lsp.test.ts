import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { WorkDoneProgress } from 'vscode-languageserver-protocol';
import type { PreflightReport } from '../../server/src/preflight/types';
import { TestLspClient } from '../support/lspClient';
import { caFolder } from './support/pki';
import type { CaFolder } from './support/pki';
import { TestNet } from './support/servers';

const RUN = 'imprivata.server.preflight.run';
const ALLOWLIST = 'imprivata.server.preflight.allowlist';

interface ProgressValue {
  kind: 'begin' | 'report' | 'end';
  title?: string;
  message?: string;
  percentage?: number;
  cancellable?: boolean;
}

describe('LSP workspace/executeCommand: preflight over real stdio', function () {
  this.timeout(60_000);
  const testNet = new TestNet();
  let folder: CaFolder;
  let tmp: string;
  let caFile: string;
  let client: TestLspClient;
  let uri: string;
  let goodPort: number;
  let stallPort: number;
  /** window/workDoneProgress/create requests the server sent. */
  const created: unknown[] = [];

  const text = [
    'version: 1',
    'firewall:',
    '  allowlist:',
    '    - api.digicert.com',
    '    - www.digicert.com',
    '    - cloud.imprivata.com',
    '    - "${env:EXTRA_HOST}"',
    '',
  ].join('\n');

  before(async () => {
    folder = caFolder('preflight-lsp');
    const { ca } = folder;
    ({ dir: tmp, caFile } = folder);
    goodPort = (await testNet.https(ca.issue({ names: ['api.digicert.com', 'www.digicert.com'] }))).port;
    stallPort = await testNet.silent();
    const file = path.join(tmp, 'imprivata-enterprise.yaml');
    writeFileSync(file, text);
    uri = pathToFileURL(file).toString();
    client = new TestLspClient();
  });
  after(async () => {
    await client.shutdown();
    testNet.close();
    folder.remove();
  });

  function options(timeoutMs = 3000) {
    return {
      timeoutMs,
      caFiles: [caFile],
      connectTo: [
        `api.digicert.com:443:127.0.0.1:${goodPort}`,
        `www.digicert.com:443:127.0.0.1:${goodPort}`,
        `cloud.imprivata.com:443:127.0.0.1:${stallPort}`,
      ],
    };
  }

  it('announces the commands, runs the checks of the open buffer with one progress step per check', async () => {
    const progress: ProgressValue[] = [];
    await client.connection
      .sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: null,
        capabilities: { window: { workDoneProgress: true } },
      })
      .then((result) => {
        const commands = (result as { capabilities: { executeCommandProvider?: { commands: string[] } } }).capabilities
          .executeCommandProvider?.commands;
        assert.deepEqual(commands, [RUN, ALLOWLIST, 'imprivata.server.preflight.sealingKey']);
      });
    await client.connection.sendNotification('initialized', {});
    client.connection.onRequest('window/workDoneProgress/create', (params: unknown) => {
      created.push(params);
      return null;
    });
    await client.open(uri, text);
    client.connection.onProgress(WorkDoneProgress.type, 'run-1', (value) => {
      progress.push(value as ProgressValue);
    });
    const answer = (await client.connection.sendRequest('workspace/executeCommand', {
      command: RUN,
      arguments: [{ uri, label: 'imprivata-enterprise.yaml', options: options(1000) }],
      workDoneToken: 'run-1',
    })) as { report: PreflightReport; cancelled: boolean };
    const { report } = answer;
    assert.equal(answer.cancelled, false);
    assert.equal(report.file, 'imprivata-enterprise.yaml');
    assert.deepEqual(
      report.checks.map((c) => `${c.line} ${c.target} ${c.status}`),
      [
        '4 api.digicert.com:443 (HTTPS) pass',
        '5 www.digicert.com:443 (HTTPS) pass',
        '6 cloud.imprivata.com:443 (HTTPS) fail',
        '7 ${env:EXTRA_HOST} skipped',
      ],
    );
    assert.match(report.checks[2].summary, /^TLS timed out/);
    assert.equal(progress[0].kind, 'begin');
    assert.equal(progress[0].cancellable, true);
    assert.equal(progress[progress.length - 1].kind, 'end');
    const reports = progress.filter((p) => p.kind === 'report');
    assert.equal(reports.length, 4, 'one progress step per check');
    assert.match(String(reports[reports.length - 1].message), /^4\/4 /);
    assert.equal(reports[reports.length - 1].percentage, 100);
  });

  it('cancel: the request ends at once, running checks come back skipped', async () => {
    const source = new CancellationTokenSource();
    const started = Date.now();
    const pending = client.connection.sendRequest(
      'workspace/executeCommand',
      { command: RUN, arguments: [{ uri, options: options(20_000) }] },
      source.token,
    ) as Promise<{ report: PreflightReport; cancelled: boolean }>;
    setTimeout(() => source.cancel(), 500);
    const answer = await pending;
    assert.ok(Date.now() - started < 5000, 'cancel did not end the run');
    assert.equal(answer.cancelled, true);
    const stalled = answer.report.checks.find((c) => c.target.startsWith('cloud.imprivata.com'));
    assert.equal(stalled?.status, 'skipped');
    assert.match(String(stalled?.summary), /^Cancelled during TLS\./);
  });

  it('without a token from the client, the server creates its own progress', async () => {
    const before = created.length;
    const answer = (await client.connection.sendRequest('workspace/executeCommand', {
      command: RUN,
      arguments: [{ uri, options: options(500) }],
    })) as { report: PreflightReport };
    assert.equal(created.length, before + 1);
    assert.equal(answer.report.checks.length, 4);
  });

  it('bad routing options are an InvalidParams error in words', async () => {
    await assert.rejects(
      client.connection.sendRequest('workspace/executeCommand', { command: RUN, arguments: [{ uri, options: { resolve: ['nonsense'] } }] }),
      (error: { code?: number; message?: string }) =>
        error.code === -32602 && /--resolve expects HOST:PORT:ADDRESS/.test(String(error.message)),
    );
  });

  it('the firewall ticket from the open buffer', async () => {
    const { text: ticket } = (await client.connection.sendRequest('workspace/executeCommand', {
      command: ALLOWLIST,
      arguments: [{ uri, format: 'csv' }],
    })) as { text: string };
    assert.deepEqual(
      ticket
        .trimEnd()
        .split('\r\n')
        .map((l) => l.split(',')[0]),
      ['host', 'api.digicert.com', 'www.digicert.com', 'cloud.imprivata.com'],
    );
  });
});
