import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { HostTarget } from '../../server/src/core/preflight/plan';
import { checkHost, hostTargetLabel } from '../../server/src/preflight/checks/host';
import { runChecks, systemClock } from '../../server/src/preflight/engine';
import type { PlannedCheck } from '../../server/src/preflight/engine';
import { fetchUrl } from '../../server/src/preflight/http-exchange';
import { createPorts } from '../../server/src/preflight/run';
import type { PreflightOptions } from '../../server/src/preflight/run';
import { StepFailure, StepRecorder } from '../../server/src/preflight/steps';
import type { CheckResult, Ports } from '../../server/src/preflight/types';
import { createCa, days } from './support/pki';
import type { TestCa } from './support/pki';
import { TestNet, testResolver } from './support/servers';

const TIMEOUT = 1000;

function target(probe: string, port: number, protocol: HostTarget['protocol'] = 'https', host = probe): HostTarget {
  return { host, probe, port, protocol, line: 1, inAllowlist: true, environment: 'production', needs: [] };
}

describe('preflight: host reachability against real servers on 127.0.0.1', function () {
  this.timeout(60_000);
  const testNet = new TestNet();
  let tmp: string;
  let ca: TestCa;
  let rogue: TestCa;
  let caFile: string;
  const resolver = testResolver({ 'api.digicert.com': '127.0.0.1', 'proxy.test': '127.0.0.1' });

  function ports(options: PreflightOptions = {}): Ports {
    return createPorts({ caFiles: [caFile], env: {}, ...options }, { resolver });
  }

  async function run(t: HostTarget, options: PreflightOptions = {}, p = ports(options)): Promise<CheckResult> {
    const check: PlannedCheck = { id: 'x', kind: 'host', target: hostTargetLabel(t), line: 1, run: (steps) => checkHost(t, p, steps) };
    const [result] = await runChecks([check], { clock: systemClock, timeoutMs: options.timeoutMs ?? TIMEOUT });
    return result;
  }

  const stepsOf = (r: CheckResult) => r.steps.map((s) => `${s.name}:${s.status}`).join(' ');

  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'imprivata-preflight-'));
    ca = createCa('Imprivata Config Test Root CA');
    rogue = createCa('Corp TLS Inspection CA');
    caFile = path.join(tmp, 'test-ca.pem');
    writeFileSync(caFile, ca.cert);
  });
  after(() => {
    testNet.close();
    rmSync(tmp, { recursive: true, force: true });
    assert.deepEqual(resolver.refused, [], 'a check asked for a name outside the test network');
  });

  it('HTTPS ok: DNS, TCP, TLS (trusted, name matches), HTTP all pass', async () => {
    const { port, recorded } = await testNet.https(ca.issue({ names: ['api.digicert.com'] }));
    const result = await run(target('api.digicert.com', port));
    assert.equal(result.status, 'pass', result.summary);
    assert.equal(stepsOf(result), 'dns:pass tcp:pass tls:pass http:pass');
    assert.match(result.steps[2].detail, /issued by "CN=Imprivata Config Test Root CA/);
    assert.match(result.summary, /^Reachable from this workstation: .*HTTP 200/);
    assert.deepEqual(recorded.requests, ['GET /']);
  });

  it('untrusted issuer: names the issuer, points at a TLS-inspecting proxy, and sends nothing on the socket', async () => {
    const { port, recorded } = await testNet.https(rogue.issue({ names: ['api.digicert.com'] }));
    const result = await run(target('api.digicert.com', port));
    assert.equal(result.status, 'fail');
    assert.equal(stepsOf(result), 'dns:pass tcp:pass tls:fail');
    assert.match(result.summary, /^TLS failed: .*"CN=Corp TLS Inspection CA, O=imprivata-config tests".*likely a TLS-inspecting proxy/);
    assert.deepEqual(recorded.requests, [], 'an HTTP request went out over an unverified connection');
  });

  it('expired certificate: says when it expired', async () => {
    const { port, recorded } = await testNet.https(ca.issue({ names: ['api.digicert.com'], notBefore: days(-30), notAfter: days(-2) }));
    const result = await run(target('api.digicert.com', port));
    assert.equal(result.status, 'fail');
    assert.match(
      result.summary,
      new RegExp(`^TLS failed: the certificate "CN=api.digicert.com" expired on ${days(-2).toISOString().slice(0, 10)}`),
    );
    assert.deepEqual(recorded.requests, []);
  });

  it('wrong-host certificate: lists the names it is for', async () => {
    const { port } = await testNet.https(ca.issue({ names: ['portal.example.org', 'www.example.org'] }));
    const result = await run(target('api.digicert.com', port));
    assert.equal(result.status, 'fail');
    assert.match(
      result.summary,
      /^TLS failed: the certificate is for portal\.example\.org, www\.example\.org, not api\.digicert\.com; a wrong-host certificate/,
    );
  });

  it('refused: nothing listens on the port', async () => {
    const port = await testNet.closedPort();
    const result = await run(target('api.digicert.com', port));
    assert.equal(result.status, 'fail');
    assert.equal(stepsOf(result), 'dns:pass tcp:fail');
    assert.match(result.summary, new RegExp(`^TCP failed: the connection to 127\\.0\\.0\\.1:${port} was refused`));
  });

  it('silent server: the TLS step times out within its timeout, named as such', async () => {
    const port = await testNet.silent();
    const started = Date.now();
    const result = await run(target('api.digicert.com', port));
    const elapsed = Date.now() - started;
    assert.equal(result.status, 'fail');
    assert.equal(stepsOf(result), 'dns:pass tcp:pass tls:fail');
    assert.match(result.summary, /^TLS timed out: the connection opened but the TLS handshake did not finish \(no answer within 1000 ms\)/);
    assert.ok(elapsed >= TIMEOUT && elapsed < TIMEOUT * 1.5, `took ${elapsed} ms`);
  });

  it('DNS failure: a name under .invalid does not resolve', async () => {
    const result = await run(target('cloud.imprivata.invalid', 443));
    assert.equal(result.status, 'fail');
    assert.equal(stepsOf(result), 'dns:fail');
    assert.match(result.summary, /^DNS failed: cloud\.imprivata\.invalid does not resolve from this workstation \(ENOTFOUND\)/);
  });

  it('HTTP 503: the path is open, the service fails', async () => {
    const { port } = await testNet.https(ca.issue({ names: ['api.digicert.com'] }), 503);
    const result = await run(target('api.digicert.com', port));
    assert.equal(result.status, 'fail');
    assert.equal(stepsOf(result), 'dns:pass tcp:pass tls:pass http:pass');
    assert.match(result.summary, /^HTTP failed: the server answered HTTP 503 Service Unavailable/);
  });

  it('plain HTTP (OCSP on port 80): no TLS step, an HTTP answer', async () => {
    const { port, recorded } = await testNet.http(200);
    const result = await run(target('api.digicert.com', port, 'http'));
    assert.equal(result.status, 'pass', result.summary);
    assert.equal(stepsOf(result), 'dns:pass tcp:pass tls:skipped http:pass');
    assert.deepEqual(recorded.requests, ['GET /']);
  });

  it('a mail server is checked for DNS and TCP only', async () => {
    const port = await testNet.silent();
    const result = await run(target('api.digicert.com', port, 'smtp'));
    assert.equal(result.status, 'pass', result.summary);
    assert.equal(stepsOf(result), 'dns:pass tcp:pass smtp:skipped');
  });

  describe('routing', () => {
    it('--connect-to: connects elsewhere, TLS still verifies the original name', async () => {
      const { port } = await testNet.https(ca.issue({ names: ['www.digicert.com'] }));
      const ok = await run(target('www.digicert.com', 443), { connectTo: [`www.digicert.com:443:127.0.0.1:${port}`] });
      assert.equal(ok.status, 'pass', ok.summary);
      assert.match(ok.steps[0].detail, /--connect-to: www\.digicert\.com:443 goes to 127\.0\.0\.1:\d+/);
      // The same server reached for another name: its certificate does not match that name.
      const wrong = await run(target('api.digicert.com', 443), { connectTo: [`api.digicert.com:443:127.0.0.1:${port}`] });
      assert.equal(wrong.status, 'fail');
      assert.match(wrong.summary, /is for www\.digicert\.com, not api\.digicert\.com/);
    });

    it('--resolve: the name resolves to the given address without asking the resolver', async () => {
      const { port } = await testNet.https(ca.issue({ names: ['file-access.app.imprivata.com'] }));
      const asked = resolver.asked.length;
      const result = await run(target('file-access.app.imprivata.com', port), {
        resolve: [`file-access.app.imprivata.com:${port}:127.0.0.1`],
      });
      assert.equal(result.status, 'pass', result.summary);
      assert.equal(resolver.asked.length, asked, 'the resolver was asked although --resolve answers');
    });

    it('HTTPS_PROXY: the tunnel goes through the CONNECT proxy; NO_PROXY exempts the host', async () => {
      const { port: serverPort } = await testNet.https(ca.issue({ names: ['api.digicert.com'] }));
      const proxy = await testNet.connectProxy({ 'api.digicert.com:443': serverPort });
      const env = { HTTPS_PROXY: `http://proxy.test:${proxy.port}` };
      const proxied = await run(target('api.digicert.com', 443), { env });
      assert.equal(proxied.status, 'pass', proxied.summary);
      assert.equal(stepsOf(proxied), 'dns:pass tcp:pass proxy:pass tls:pass http:pass');
      assert.match(proxied.summary, /through the proxy proxy\.test:\d+/);
      assert.deepEqual(proxy.connects, ['api.digicert.com:443']);

      const direct = await run(target('api.digicert.com', serverPort), { env: { ...env, NO_PROXY: 'localhost,.digicert.com' } });
      assert.equal(direct.status, 'pass', direct.summary);
      assert.equal(stepsOf(direct), 'dns:pass tcp:pass tls:pass http:pass');
      assert.deepEqual(proxy.connects, ['api.digicert.com:443'], 'NO_PROXY host went through the proxy');
    });

    it('a proxy that refuses the tunnel is named', async () => {
      const proxy = await testNet.connectProxy({});
      const result = await run(target('api.digicert.com', 443), { env: { https_proxy: `http://proxy.test:${proxy.port}` } });
      assert.equal(result.status, 'fail');
      assert.equal(stepsOf(result), 'dns:pass tcp:pass proxy:fail');
      assert.match(result.summary, /^Proxy failed: proxy proxy\.test:\d+ answered HTTP 403 to CONNECT api\.digicert\.com:443/);
    });
  });

  describe('hostile servers end within their timeout or cap, with a named failure', () => {
    it('a TLS handshake that never finishes', async () => {
      const port = await testNet.tlsStall();
      const started = Date.now();
      const result = await run(target('api.digicert.com', port));
      assert.equal(result.status, 'fail');
      assert.match(result.summary, /^TLS timed out/);
      assert.ok(Date.now() - started < TIMEOUT * 1.5);
    });

    it('an HTTP answer trickled a byte a second', async () => {
      const port = await testNet.trickle(ca.issue({ names: ['api.digicert.com'] }));
      const started = Date.now();
      const result = await run(target('api.digicert.com', port), { timeoutMs: 2500 });
      assert.equal(result.status, 'fail');
      assert.equal(stepsOf(result), 'dns:pass tcp:pass tls:pass http:fail');
      assert.match(result.summary, /^HTTP timed out: the server did not send a complete HTTP answer/);
      assert.ok(Date.now() - started < 2500 * 1.5);
    });

    it('an endless body: reachability reads the status line only; a document fetch stops at its cap', async () => {
      const endless = await testNet.endless(ca.issue({ names: ['api.digicert.com'] }));
      const reach = await run(target('api.digicert.com', endless.port));
      assert.equal(reach.status, 'pass', reach.summary);
      const p = ports({ resolve: [`api.digicert.com:${endless.port}:127.0.0.1`] });
      const steps = new StepRecorder(systemClock, 5000, new AbortController().signal);
      const heapBefore = process.memoryUsage().heapUsed;
      const started = Date.now();
      await assert.rejects(
        fetchUrl(new URL(`https://api.digicert.com:${endless.port}/metadata.xml`), p, steps, { maxBytes: 1024 * 1024 }),
        (error: unknown) => error instanceof StepFailure && error.reason === 'too-large' && /larger than 1048576 bytes/.test(error.detail),
      );
      assert.ok(Date.now() - started < 5000, 'the cap did not stop the read');
      assert.ok(process.memoryUsage().heapUsed - heapBefore < 32 * 1024 * 1024, 'memory grew past the cap');
    });

    it('a redirect loop ends after 5 redirects', async () => {
      const loop = await testNet.redirectLoop(ca.issue({ names: ['api.digicert.com'] }));
      const p = ports({ resolve: [`api.digicert.com:${loop.port}:127.0.0.1`] });
      const steps = new StepRecorder(systemClock, TIMEOUT, new AbortController().signal);
      await assert.rejects(
        fetchUrl(new URL(`https://api.digicert.com:${loop.port}/`), p, steps, { maxBytes: 1024 }),
        (error: unknown) => error instanceof StepFailure && error.reason === 'redirects' && /more than 5 redirects/.test(error.detail),
      );
      assert.equal(loop.recorded.requests.length, 6);
    });
  });

  describe('the engine', () => {
    it('12 hosts of which 3 stall: the run ends within one timeout plus 10 %', async () => {
      // 5 s: the 9 handshakes on a busy 2-core machine (load average 7: 311 ms) stay inside the 10 % margin.
      const STALL_TIMEOUT = 5000;
      const good = await testNet.https(ca.issue({ names: ['api.digicert.com'] }));
      const stall = await testNet.silent();
      const p = ports();
      const checks: PlannedCheck[] = Array.from({ length: 12 }, (_, i) => {
        const t = target('api.digicert.com', i % 4 === 3 ? stall : good.port);
        return { id: `c${i}`, kind: 'host', target: hostTargetLabel(t), line: i + 1, run: (steps) => checkHost(t, p, steps) };
      });
      const started = Date.now();
      const results = await runChecks(checks, { clock: systemClock, timeoutMs: STALL_TIMEOUT });
      const elapsed = Date.now() - started;
      assert.deepEqual(
        results.map((r) => r.status),
        ['pass', 'pass', 'pass', 'fail', 'pass', 'pass', 'pass', 'fail', 'pass', 'pass', 'pass', 'fail'],
      );
      assert.ok(
        elapsed >= STALL_TIMEOUT && elapsed <= STALL_TIMEOUT * 1.1,
        `12 checks took ${elapsed} ms with a ${STALL_TIMEOUT} ms timeout`,
      );
      console.log(`      12 hosts, 3 stalling, timeout ${STALL_TIMEOUT} ms: ${elapsed} ms`);
    });

    it('honours the concurrency limit', async () => {
      const stall = await testNet.silent();
      const p = ports();
      const t = target('api.digicert.com', stall);
      const checks: PlannedCheck[] = Array.from({ length: 4 }, (_, i) => ({
        id: `s${i}`,
        kind: 'host',
        target: 'x',
        line: 1,
        run: (steps) => checkHost(t, p, steps),
      }));
      const started = Date.now();
      await runChecks(checks, { clock: systemClock, timeoutMs: 500, concurrency: 2 });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 1000 && elapsed < 1500, `4 stalling checks two at a time took ${elapsed} ms`);
    });

    it('cancel: running checks stop at once and report where; the others are skipped', async () => {
      const stall = await testNet.silent();
      const p = ports();
      const t = target('api.digicert.com', stall);
      const checks: PlannedCheck[] = Array.from({ length: 3 }, (_, i) => ({
        id: `s${i}`,
        kind: 'host',
        target: 'x',
        line: 1,
        run: (steps) => checkHost(t, p, steps),
      }));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const started = Date.now();
      const results = await runChecks(checks, { clock: systemClock, timeoutMs: 10_000, concurrency: 2, signal: controller.signal });
      assert.ok(Date.now() - started < 1000, 'cancel did not stop the run');
      assert.deepEqual(
        results.map((r) => `${r.status}: ${r.summary}`),
        ['skipped: Cancelled during TLS.', 'skipped: Cancelled during TLS.', 'skipped: Cancelled before it started.'],
      );
    });
  });
});
