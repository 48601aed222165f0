import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, exampleAsDirectoryTenant } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

const EXAMPLE = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');

const codes = (diagnostics: { code?: unknown }[]) => diagnostics.map((d) => String(d.code)).sort();

describe('language server: what other files change', () => {
  let client: TestLspClient;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-ws-'));
    mkdirSync(path.join(workspace, 'assets'));
    copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(workspace, 'assets/logo.png'));
    client = new TestLspClient();
    await client.initialize(workspace);
  });

  after(async () => {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('IMP-IDP-002: a second tenant reusing the directory domain is reported in both files, and an edit re-validates the first', async () => {
    const first = pathToFileURL(path.join(workspace, 'imprivata-enterprise-a.yaml')).toString();
    const second = pathToFileURL(path.join(workspace, 'imprivata-enterprise-b.yaml')).toString();
    let waiting = client.waitFor(first);
    await client.open(first, exampleAsDirectoryTenant('alphahealth', 'shareddomain'));
    assert.deepEqual(codes((await waiting).diagnostics), []);

    const firstAgain = client.waitFor(first, (p) => p.diagnostics.length > 0);
    waiting = client.waitFor(second);
    const secondText = exampleAsDirectoryTenant('betahealth', 'shareddomain');
    await client.open(second, secondText);
    assert.deepEqual(codes((await waiting).diagnostics), ['IMP-IDP-002']);
    const reported = await firstAgain;
    assert.deepEqual(codes(reported.diagnostics), ['IMP-IDP-002']);
    const related = reported.diagnostics[0].relatedInformation ?? [];
    assert.equal(related[0]?.location.uri, second, 'points at the other file');

    // Renaming the second tenant's domain clears the first file's problem.
    const line = secondText.split('\n').findIndex((l) => l.includes('directoryDomain:'));
    const character = secondText.split('\n')[line].indexOf('shareddomain');
    const cleared = client.waitFor(first, (p) => p.diagnostics.length === 0);
    await client.change(second, 2, [
      { range: { start: { line, character }, end: { line, character: character + 'shareddomain'.length } }, text: 'betadomain' },
    ]);
    await cleared;
    await client.close(first);
    await client.close(second);
  });

  it('a workspace folder added later joins the workspace rule, and leaves it when removed', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'imprivata-ws-other-'));
    writeFileSync(path.join(other, 'imprivata-enterprise.yaml'), exampleAsDirectoryTenant('gammahealth', 'folderdomain'));
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise-folder.yaml')).toString();
    let waiting = client.waitFor(uri);
    await client.open(uri, exampleAsDirectoryTenant('deltahealth', 'folderdomain'));
    assert.deepEqual(codes((await waiting).diagnostics), []);

    const folder = { uri: pathToFileURL(other).toString(), name: 'other' };
    waiting = client.waitFor(uri, (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
    assert.deepEqual(codes((await waiting).diagnostics), ['IMP-IDP-002']);

    waiting = client.waitFor(uri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
    await waiting;
    await client.close(uri);
    rmSync(other, { recursive: true, force: true });
  });

  it('IMP-LOGO-*: replacing the logo on disk re-validates the file that names it', async () => {
    const logo = path.join(workspace, 'assets/logo.png');
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
    let waiting = client.waitFor(uri);
    await client.open(uri, EXAMPLE);
    assert.deepEqual(codes((await waiting).diagnostics), []);

    copyFileSync(path.join(ROOT, 'examples/broken/assets/logo-large.png'), logo);
    waiting = client.waitFor(uri, (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(logo).toString(), type: 2 }],
    });
    assert.deepEqual(codes((await waiting).diagnostics), ['IMP-LOGO-002', 'IMP-LOGO-003', 'IMP-LOGO-004']);

    writeFileSync(logo, readFileSync(path.join(ROOT, 'examples/assets/logo.png')));
    waiting = client.waitFor(uri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(logo).toString(), type: 2 }],
    });
    await waiting;
    await client.close(uri);
  });

  it('IMP-LOGO-*: a logo replaced without any file event is still noticed (the watcher can miss events)', async () => {
    const logo = path.join(workspace, 'assets/logo.png');
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
    let waiting = client.waitFor(uri);
    await client.open(uri, EXAMPLE);
    assert.deepEqual(codes((await waiting).diagnostics), []);
    waiting = client.waitFor(uri, (p) => p.diagnostics.length > 0, 8000);
    copyFileSync(path.join(ROOT, 'examples/broken/assets/logo-large.png'), logo);
    assert.deepEqual(codes((await waiting).diagnostics), ['IMP-LOGO-002', 'IMP-LOGO-003', 'IMP-LOGO-004']);
    copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), logo);
    await client.close(uri);
  });

  it('a file that does not match the configured globs is not validated unless its language says so', async () => {
    const uri = pathToFileURL(path.join(workspace, 'other.yaml')).toString();
    await client.open(uri, 'version: 7\n', 'yaml');
    const marker = pathToFileURL(path.join(workspace, 'imprivata-enterprise-marker.yaml')).toString();
    const waiting = client.waitFor(marker);
    await client.open(marker, 'version: 7\n', 'yaml');
    await waiting;
    assert.equal(client.published.get(uri), undefined, 'other.yaml got diagnostics');
    await client.close(uri);
    await client.close(marker);
  });
});
