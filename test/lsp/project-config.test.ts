import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestLspClient } from '../support/lspClient';

/** Clear-text SMTP: IMP-SMTP-003 (warning) unless a severity says otherwise. */
const CLEAR_TEXT = `version: 1
smtp:
  mode: basic
  server: relay.example.org
  from: imprivata-noreply@example.org
  useTls: false
`;

const codes = (diagnostics: { code?: unknown; severity?: number }[]) => diagnostics.map((d) => `${String(d.code)}:${d.severity}`).sort();

describe('language server: the project file .imprivata-config.yaml', () => {
  let workspace: string;
  const clients: TestLspClient[] = [];

  async function start(initializationOptions?: object): Promise<TestLspClient> {
    const client = new TestLspClient();
    clients.push(client);
    client.initializationOptions = initializationOptions;
    await client.initialize(workspace);
    return client;
  }

  beforeEach(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-project-'));
    mkdirSync(path.join(workspace, 'conf'));
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('its rule severities apply; the editor setting imprivata.rules wins per rule', async () => {
    writeFileSync(path.join(workspace, '.imprivata-config.yaml'), 'rules:\n  IMP-SMTP-003: error\n');
    const client = await start();
    const uri = pathToFileURL(path.join(workspace, 'conf/imprivata-enterprise.yaml')).toString();
    let waiting = client.waitFor(uri);
    await client.open(uri, CLEAR_TEXT);
    assert.deepEqual(codes((await waiting).diagnostics), ['IMP-SMTP-003:1'], 'the project file makes it an error');

    client.settings = { rules: { 'IMP-SMTP-003': 'off' } };
    waiting = client.waitFor(uri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.deepEqual(codes((await waiting).diagnostics), [], 'the editor setting wins');
  });

  it('a change of the project file re-validates open documents', async () => {
    const client = await start();
    const uri = pathToFileURL(path.join(workspace, 'conf/imprivata-enterprise.yaml')).toString();
    let waiting = client.waitFor(uri);
    await client.open(uri, CLEAR_TEXT);
    assert.deepEqual(codes((await waiting).diagnostics), ['IMP-SMTP-003:2']);
    const projectFile = path.join(workspace, '.imprivata-config.yaml');
    writeFileSync(projectFile, 'rules:\n  IMP-SMTP-003: "off"\n');
    waiting = client.waitFor(uri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(projectFile).toString(), type: 1 }],
    });
    assert.deepEqual(codes((await waiting).diagnostics), []);
  });

  it('its `files` patterns make a file a configuration when trusted, not in Restricted Mode (severities still apply)', async () => {
    writeFileSync(path.join(workspace, '.imprivata-config.yaml'), 'files:\n  - "conf/site-*.yaml"\nrules:\n  IMP-SMTP-003: error\n');
    const uri = pathToFileURL(path.join(workspace, 'conf/site-boston.yaml')).toString();

    const trusted = await start();
    const waiting = trusted.waitFor(uri);
    await trusted.open(uri, CLEAR_TEXT, 'yaml');
    assert.deepEqual(codes((await waiting).diagnostics), ['IMP-SMTP-003:1']);

    const restricted = await start({ trusted: false });
    let published = false;
    restricted
      .waitFor(uri, () => true, 1500)
      .then(
        (p) => (published = p.diagnostics.length > 0),
        () => undefined,
      );
    await restricted.open(uri, CLEAR_TEXT, 'yaml');
    await new Promise((resolve) => setTimeout(resolve, 1600));
    assert.equal(published, false, 'Restricted Mode: the patterns do not widen what is read');

    const named = pathToFileURL(path.join(workspace, 'conf/imprivata-enterprise.yaml')).toString();
    const namedWaiting = restricted.waitFor(named);
    await restricted.open(named, CLEAR_TEXT, 'yaml');
    assert.deepEqual(codes((await namedWaiting).diagnostics), ['IMP-SMTP-003:1'], 'Restricted Mode: the severities apply');
  });
});
