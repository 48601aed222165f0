import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ROOT } from '../support/fixtures';
import { runCli } from './support/cli-runs';
import { caFolder } from './support/pki';
import type { CaFolder } from './support/pki';
import { TestNet } from './support/servers';

const EXAMPLE = path.join(ROOT, 'examples/imprivata-enterprise.yaml');

interface JsonReport {
  file: string;
  durationMs: number;
  ranFrom: string;
  checks: {
    id: string;
    kind: string;
    target: string;
    line: number;
    status: string;
    summary: string;
    steps: { name: string; status: string; ms: number; detail: string }[];
  }[];
  counts: { pass: number; warn: number; fail: number; skipped: number };
}

describe('CLI imprivata-config preflight and allowlist (real process, real servers on 127.0.0.1)', function () {
  this.timeout(120_000);
  const testNet = new TestNet();
  let folder: CaFolder;
  let tmp: string;
  let caFile: string;
  /** --connect-to for every host of the example: the real names, 127.0.0.1 ports. */
  let routes: string[];
  let badRoutes: string[];

  before(async () => {
    folder = caFolder('preflight-cli');
    const { ca } = folder;
    ({ dir: tmp, caFile } = folder);
    const names = [
      'examplehealth.sys.imprivata.com',
      'astra.sys.imprivata.com',
      'access.imprivata.com',
      'metadata.app.imprivata.com',
      'file-access.app.imprivata.com',
      'idp.app.imprivata.com',
      'api.digicert.com',
      'www.digicert.com',
      's3.amazonaws.com',
      'cloud.imprivata.com',
      'login.microsoftonline.com',
    ];
    const https = await testNet.https(ca.issue({ names }));
    const ocsp = await testNet.http(200);
    const smtp = await testNet.silent();
    const closed = await testNet.closedPort();
    routes = [
      ...names.map((n) => `${n}:443:127.0.0.1:${https.port}`),
      `ocsp.digicert.com:80:127.0.0.1:${ocsp.port}`,
      `smtp.office365.com:587:127.0.0.1:${smtp}`,
    ].flatMap((r) => ['--connect-to', r]);
    // api.digicert.com refused; every other route as above.
    badRoutes = ['--connect-to', `api.digicert.com:443:127.0.0.1:${closed}`, ...routes];
  });
  after(() => {
    testNet.close();
    folder.remove();
  });

  it('all hosts of the example reachable: exit 0, one line per check, then the summary naming this workstation', async () => {
    const started = Date.now();
    const { status, stdout, stderr } = await runCli(['preflight', EXAMPLE, '--only', 'hosts', '--ca', caFile, ...routes]);
    const wall = Date.now() - started;
    assert.equal(status, 0, stdout + stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 14);
    for (const line of lines.slice(0, -1)) assert.match(line, /^PASS {2}\S+:\d+ \((HTTPS|HTTP|SMTP)\) +line \d+ +\S.* \(\d+ ms\)$/);
    assert.match(
      lines[13],
      /^13 checks of .*imprivata-enterprise\.yaml in \d+\.\d s, run from this workstation, not the appliance.*: 13 passed, 0 warned, 0 failed, 0 skipped\.$/,
    );
    assert.equal(stderr, '', 'progress goes to standard error only on a terminal');
    console.log(`      full run of the example (13 hosts) against local servers: ${wall} ms wall, process included`);
  });

  it('--format json: the report object, every check with its steps; a failed check: exit 1', async () => {
    const { status, stdout } = await runCli(['preflight', EXAMPLE, '--only', 'hosts', '--format', 'json', '--ca', caFile, ...badRoutes]);
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as JsonReport;
    assert.deepEqual(Object.keys(report), ['file', 'durationMs', 'ranFrom', 'checks', 'counts']);
    assert.deepEqual(report.counts, { pass: 12, warn: 0, fail: 1, skipped: 0 });
    const api = report.checks.find((c) => c.target === 'api.digicert.com:443 (HTTPS)');
    assert.ok(api);
    assert.deepEqual(Object.keys(api), ['id', 'kind', 'target', 'line', 'status', 'summary', 'steps']);
    assert.equal(api.kind, 'host');
    assert.equal(api.line, 38);
    assert.match(api.summary, /^TCP failed: the connection to 127\.0\.0\.1:\d+ was refused/);
    assert.deepEqual(
      api.steps.map((s) => `${s.name}:${s.status}`),
      ['dns:pass', 'tcp:fail'],
    );
    // Nothing connected anywhere but 127.0.0.1.
    for (const check of report.checks) {
      const tcp = check.steps.find((s) => s.name === 'tcp');
      assert.match(String(tcp?.detail), /127\.0\.0\.1:\d+/, `${check.target} connected elsewhere: ${tcp?.detail}`);
    }
  });

  it('--format sarif: results on the YAML lines, and the official validator (Gh;Sarif) finds nothing', async () => {
    const out = path.join(tmp, 'preflight.sarif');
    const { status } = await runCli([
      'preflight',
      EXAMPLE,
      '--only',
      'hosts',
      '--format',
      'sarif',
      '--output',
      out,
      '--ca',
      caFile,
      ...badRoutes,
    ]);
    assert.equal(status, 1);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    const results = sarif.runs[0].results as {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
    assert.deepEqual(
      results.map(
        (r) =>
          `${r.ruleId} ${r.level} ${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`,
      ),
      ['PREFLIGHT-HOST error examples/imprivata-enterprise.yaml:38'],
    );
    const binary = require('@microsoft/sarif-multitool') as string;
    const log = path.join(tmp, 'validation.sarif');
    // Its rule SARIF2006 fetches the URIs of the log: only ever to a closed local port (see test/cli/cli.test.ts).
    const closedPort = 'http://127.0.0.1:9';
    const offline = { ...process.env, http_proxy: closedPort, https_proxy: closedPort, HTTP_PROXY: closedPort, HTTPS_PROXY: closedPort };
    const result = spawnSync(binary, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning', '--output', log, out], {
      encoding: 'utf8',
      timeout: 110_000,
      env: offline,
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const validation = JSON.parse(readFileSync(log, 'utf8'));
    const problems = (validation.runs[0].results ?? []).filter(
      (r: { level?: string }) => r.level === 'error' || r.level === 'warning' || r.level === undefined,
    );
    assert.deepEqual(
      problems.map((p: { ruleId: string; message: unknown }) => `${p.ruleId} ${JSON.stringify(p.message)}`),
      [],
    );
  });

  it('--format junit: well-formed XML, one testcase per check, the failure with its steps', async () => {
    const { status, stdout } = await runCli(['preflight', EXAMPLE, '--only', 'hosts', '--format', 'junit', '--ca', caFile, ...badRoutes]);
    assert.equal(status, 1);
    assert.equal(XMLValidator.validate(stdout), true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(stdout);
    const suite = parsed.testsuites.testsuite;
    assert.equal(suite.tests, '13');
    assert.equal(suite.failures, '1');
    const cases = suite.testcase as { name: string; line: string; failure?: { message: string; '#text': string } }[];
    assert.equal(cases.length, 13);
    const failed = cases.filter((c) => c.failure);
    assert.deepEqual(
      failed.map((c) => `${c.name} line ${c.line}`),
      ['api.digicert.com:443 (HTTPS) line 38'],
    );
    assert.match(failed[0].failure!.message, /^TCP failed/);
    assert.match(failed[0].failure!['#text'], /tcp: fail in \d+ ms: the connection to 127\.0\.0\.1:\d+ was refused/);
  });

  it('--only hosts runs the host checks; --timeout and --concurrency are honoured', async () => {
    const { status, stdout } = await runCli([
      'preflight',
      EXAMPLE,
      '--only',
      'hosts',
      '--timeout',
      '2000',
      '--concurrency',
      '1',
      '--format',
      'json',
      '--ca',
      caFile,
      ...routes,
    ]);
    assert.equal(status, 0, stdout);
    const report = JSON.parse(stdout) as JsonReport;
    assert.ok(report.checks.every((c) => c.kind === 'host'));
  });

  it('untrusted without --ca: the test CA is no authority of this workstation', async () => {
    const { status, stdout } = await runCli(['preflight', EXAMPLE, '--only', 'hosts', '--format', 'json', ...routes]);
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(report.counts.fail, 11, 'every HTTPS host fails; OCSP (HTTP) and SMTP (TCP) pass');
    assert.match(report.checks[0].summary, /"CN=Imprivata Config Test Root CA, O=imprivata-config tests".*likely a TLS-inspecting proxy/);
  });

  it('exit 2 on usage errors and unreadable input, with a message and no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['preflight'], /no file given/],
      [['preflight', EXAMPLE, '--only', 'dns'], /unknown check "dns"/],
      [['preflight', EXAMPLE, '--only', 'logo'], /"logo" checks are not available in this version yet/],
      [['preflight', EXAMPLE, '--format', 'xml'], /unknown format "xml"/],
      [['preflight', EXAMPLE, '--timeout', 'soon'], /--timeout expects a whole number/],
      [['preflight', EXAMPLE, '--resolve', 'api.digicert.com:443'], /--resolve expects HOST:PORT:ADDRESS/],
      [['preflight', EXAMPLE, '--connect-to', 'api.digicert.com'], /--connect-to expects/],
      [['preflight', EXAMPLE, '--ca', path.join(tmp, 'missing.pem')], /--ca .*missing\.pem: no such file or directory/],
      [['preflight', EXAMPLE, '--ca', EXAMPLE], /no PEM certificate/],
      [['preflight', path.join(tmp, 'missing.yaml')], /missing\.yaml: no such file or directory/],
      [['allowlist'], /no file given/],
      [['allowlist', EXAMPLE, '--format', 'xlsx'], /unknown format "xlsx"/],
    ];
    for (const [args, message] of cases) {
      const { status, stderr, stdout } = await runCli(args);
      assert.equal(status, 2, `${args.join(' ')}: ${stdout}${stderr}`);
      assert.match(stderr, message, args.join(' '));
      assert.doesNotMatch(stderr, /\n\s+at /, 'a stack trace reached the user');
    }
  });

  it('--ca names a named pipe, a directory or a file over 4 MiB: refused at once (exit 2), nothing read', async () => {
    const fifo = path.join(tmp, 'ca-fifo.pem');
    const made = spawnSync('mkfifo', [fifo]);
    assert.equal(made.status, 0, 'mkfifo');
    const large = path.join(tmp, 'large-ca.pem');
    writeFileSync(large, Buffer.alloc(4 * 1024 * 1024 + 1, 0x41));
    const cases: [string, RegExp][] = [
      [fifo, /--ca .*ca-fifo\.pem: is a named pipe \(FIFO\), not a regular file/],
      [tmp, /is a directory, not a file/],
      [large, /is larger than 4 MiB/],
    ];
    for (const [ca, message] of cases) {
      const started = Date.now();
      // Before the fix, reading the FIFO waited for a writer forever (runCli kills the process after 60 s).
      const { status, stderr } = await runCli(['preflight', EXAMPLE, '--only', 'hosts', '--ca', ca]);
      assert.equal(status, 2, stderr);
      assert.match(stderr, message);
      assert.match(stderr, /Give the certificate authority as a PEM file/);
      assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    }
  });

  it('never echoes the content of a file that is not a configuration', async () => {
    const secretFile = path.join(tmp, 'not-a-config.yaml');
    writeFileSync(secretFile, '- Sup3r-Secret-Value~xyz\n');
    const notPem = path.join(tmp, 'not-a-ca.pem');
    writeFileSync(notPem, 'Sup3r-Secret-Value~xyz\n');
    for (const args of [
      ['preflight', secretFile],
      ['preflight', EXAMPLE, '--ca', notPem],
      ['allowlist', secretFile],
    ]) {
      const { stdout, stderr } = await runCli(args);
      assert.ok(!(stdout + stderr).includes('Sup3r-Secret-Value'), `${args.join(' ')} echoed the file`);
    }
  });

  it('allowlist: the firewall ticket as Markdown (default), CSV and JSON; contacts nothing', async () => {
    const markdown = await runCli(['allowlist', EXAMPLE]);
    assert.equal(markdown.status, 0, markdown.stderr);
    assert.match(markdown.stdout, /^# Firewall change request: Imprivata appliances\n/);
    assert.match(
      markdown.stdout,
      /\| `ocsp\.digicert\.com` \| 80 \| TCP \(HTTP\) \| outbound \| production \| Individual identity proofing \(DigiCert\) \| seed 002: /,
    );
    const csv = await runCli(['allowlist', EXAMPLE, '--format', 'csv']);
    assert.equal(csv.status, 0);
    assert.equal(csv.stdout.trimEnd().split('\r\n').length, 14);
    const out = path.join(tmp, 'ticket.json');
    const json = await runCli(['allowlist', EXAMPLE, '--format=json', '--output', out]);
    assert.equal(json.status, 0);
    assert.equal(json.stdout, '');
    const ticket = JSON.parse(readFileSync(out, 'utf8')) as { rows: { host: string; inAllowlist: boolean }[] };
    assert.deepEqual(
      ticket.rows.filter((r) => !r.inAllowlist).map((r) => r.host),
      ['login.microsoftonline.com', 'smtp.office365.com'],
    );
  });
});
