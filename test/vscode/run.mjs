// Runs the extension-host mocha suite (out/test/suite/index.js) in a real VS Code: the VS Code
// server from the npm package code-server@4.100.3 with its web workbench in Debian's headless
// Chromium, driven by playwright-core. Recipe: ../shared/notes/real-vscode-tests.md.
//
// It builds nothing: run `npm run build` first (the npm scripts do).
//
//   node test/vscode/run.mjs                   passes "dev" (trusted) and "restricted" (untrusted)
//   node test/vscode/run.mjs --pass dev        one pass only
//   node test/vscode/run.mjs --vsix [file]     the "vsix" pass: installs the packaged extension into
//                                              a fresh extensions dir, runs the @smoke/@restricted tests
//   node test/vscode/run.mjs --grep <regexp>   only the tests whose full title matches
//
// Environment:
//   IMPRIVATA_SCREENSHOTS=<dir>   also takes the README screenshots into <dir> (e.g. docs)
//   IMPRIVATA_VSCODE_TIMEOUT=<s>  per-pass timeout (default 300)
//   IMPRIVATA_KEEP_TMP=1          keep the temporary folder (workspace, server data) of each pass
//   IMPRIVATA_VSCODE_LOG=trace    the server's log level (with the setting imprivata.trace.server:
//                                 verbose, the LSP traffic lands in the extension's log)
//
// On a failed pass it saves a screenshot of the workbench and the logs (extension host log from
// the server data dir, the browser-side logs) into test-results/vscode-<time>-<pass>/ and prints
// that path. It always ends the server's process group and the browser.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, VSCODE_VERSION } from './install.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteEntry = path.join(repoRoot, 'out', 'test', 'suite', 'index.js');

/**
 * What each pass runs, by tags in the test titles: @smoke (also run against the installed .vsix),
 * @restricted (also run in Restricted Mode), @untrusted (only in Restricted Mode).
 */
const PASSES = {
  dev: { trusted: true, grep: '@untrusted', invert: true, vsix: false },
  restricted: { trusted: false, grep: '@restricted|@untrusted', invert: false, vsix: false },
  vsix: { trusted: false, grep: '@smoke|@untrusted', invert: false, vsix: true },
};

function parseArgs(argv) {
  const options = { passes: [], grep: undefined, vsix: undefined, timeoutSeconds: Number(process.env.IMPRIVATA_VSCODE_TIMEOUT || 300) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--pass') options.passes.push(...argv[++i].split(','));
    else if (arg === '--grep') options.grep = argv[++i];
    else if (arg === '--vsix') {
      options.passes.push('vsix');
      if (argv[i + 1] && !argv[i + 1].startsWith('--')) options.vsix = path.resolve(argv[++i]);
    } else if (arg === '--timeout') options.timeoutSeconds = Number(argv[++i]);
    else throw new Error(`unknown argument ${arg}`);
  }
  if (options.passes.length === 0) options.passes = ['dev', 'restricted'];
  for (const pass of options.passes) if (!PASSES[pass]) throw new Error(`unknown pass ${pass} (dev, restricted, vsix)`);
  if (options.passes.includes('vsix') && !options.vsix) {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    options.vsix = path.join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
  }
  return options;
}

function log(message) {
  process.stdout.write(`[vscode] ${message}\n`);
}

function stamp() {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** The test workspace: a copy, so tests may change files on disk freely. */
function prepareWorkspace(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(repoRoot, 'examples'), path.join(dir, 'examples'), { recursive: true });
  const fixtures = path.join(repoRoot, 'test', 'suite', 'fixtures');
  if (fs.existsSync(fixtures)) fs.cpSync(fixtures, path.join(dir, 'fixtures'), { recursive: true });
  // Keep unrelated workbench chrome out of the way (and out of the screenshots).
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'extensions.ignoreRecommendations': true,
        ...(process.env.IMPRIVATA_VSCODE_LOG === 'trace' ? { 'imprivata.trace.server': 'verbose' } : {}),
      },
      null,
      2,
    ),
  );
}

function installVsix(serverMain, vsix, extensionsDir, serverDataDir) {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found: run npm run package first`);
  const result = spawnSync(
    process.execPath,
    [
      serverMain,
      '--install-extension',
      vsix,
      '--extensions-dir',
      extensionsDir,
      '--server-data-dir',
      serverDataDir,
      '--accept-server-license-terms',
    ],
    { encoding: 'utf8', env: { ...process.env, EXTENSIONS_GALLERY: '{}' }, timeout: 120_000 },
  );
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0 || !/successfully installed/.test(output)) {
    throw new Error(`installing ${path.basename(vsix)} failed (exit ${result.status}):\n${output}`);
  }
  log(`installed ${path.basename(vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(1)} KiB) into a fresh extensions dir`);
}

/**
 * Starts server-main.js in a new session and process group (spawn's `detached` calls setsid(2)
 * on Linux; the setsid(1) program would fork when its caller leads a group, losing the pid), so
 * the whole tree (server, extension host, language server) ends with one kill of the group.
 */
function startServer(serverMain, args, env, logFile) {
  const child = spawn(process.execPath, [serverMain, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  const out = fs.createWriteStream(logFile);
  let buffered = '';
  const port = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the VS Code server did not listen within 60 s')), 60_000);
    const onData = (chunk) => {
      out.write(chunk);
      buffered += chunk.toString();
      const match = /Extension host agent listening on (\d+)/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the VS Code server exited early (${code ?? signal}); see ${logFile}`));
    });
  });
  return { child, port };
}

async function killGroup(child) {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) {
    try {
      process.kill(-child.pid, 'SIGKILL'); // children may outlive the leader
    } catch {
      /* group already gone */
    }
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = new Promise((resolve) => setTimeout(resolve, 5000, 'timeout'));
  await Promise.race([exited, timer]);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* group already gone */
  }
}

const liveGroups = new Set();
const liveTmpDirs = new Set();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const pid of liveGroups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (!process.env.IMPRIVATA_KEEP_TMP) for (const dir of liveTmpDirs) fs.rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
}

function copyLogs(serverDataDir, artifacts) {
  const logs = [path.join(serverDataDir, 'data', 'logs'), path.join(serverDataDir, 'logs')].find((dir) => fs.existsSync(dir));
  if (!logs) return [];
  fs.cpSync(logs, path.join(artifacts, 'server-logs'), { recursive: true });
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'exthost.log' || entry.name === 'remoteexthost.log') found.push(full);
    }
  };
  walk(path.join(artifacts, 'server-logs'));
  return found;
}

/** The first match of `pattern` in the extension's own log (its log output channel) of this run. */
function extensionLogLine(serverDataDir, pattern) {
  const logs = path.join(serverDataDir, 'data', 'logs');
  if (!fs.existsSync(logs)) return undefined;
  for (const session of fs.readdirSync(logs)) {
    const dir = path.join(logs, session, 'exthost1', 'imprivata-config.imprivata-config');
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir)) {
      const match = pattern.exec(fs.readFileSync(path.join(dir, file), 'utf8'));
      if (match) return match;
    }
  }
  return undefined;
}

/** Strips the %c CSS directives VS Code puts into console messages it forwards. */
function consoleText(message) {
  let text = message.text();
  if (text.includes('%c')) {
    text = text.replace(/%c/g, '');
    // The style arguments are appended after the format string by Chromium's text(): drop them.
    text = text.replace(/\s(?:color|font-weight|font-style|background)[^%]*$/, '');
  }
  return text;
}

async function runPass(name, options, serverMain) {
  const pass = PASSES[name];
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `imprivata-vscode-${name}-`));
  liveTmpDirs.add(tmp);
  const workspace = path.join(tmp, 'workspace');
  const serverDataDir = path.join(tmp, 'server-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const resultsFile = path.join(tmp, 'results.json');
  const screenshotRequests = path.join(tmp, 'screenshots');
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(screenshotRequests, { recursive: true });
  prepareWorkspace(workspace);
  if (pass.vsix) installVsix(serverMain, options.vsix, extensionsDir, serverDataDir);

  const screenshotsDir =
    process.env.IMPRIVATA_SCREENSHOTS && name === 'dev' ? path.resolve(repoRoot, process.env.IMPRIVATA_SCREENSHOTS) : undefined;
  const grep = options.grep ?? pass.grep;
  // The extension host inherits the server's environment: that is how the suite learns its pass.
  const env = {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',
    IMPRIVATA_TEST_PASS: name,
    IMPRIVATA_TEST_RESULTS: resultsFile,
    IMPRIVATA_TEST_GREP: grep ?? '',
    IMPRIVATA_TEST_INVERT: options.grep === undefined && pass.invert ? '1' : '',
    IMPRIVATA_TEST_SCREENSHOTS: screenshotsDir ? screenshotRequests : '',
  };
  const serverArgs = [
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--server-data-dir',
    serverDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (pass.trusted) serverArgs.push('--disable-workspace-trust');
  if (process.env.IMPRIVATA_VSCODE_LOG) serverArgs.push('--log', process.env.IMPRIVATA_VSCODE_LOG);

  const { chromium } = await import('playwright-core');
  const serverLog = path.join(tmp, 'server.log');
  const server = startServer(serverMain, serverArgs, env, serverLog);
  liveGroups.add(server.child.pid);
  let browser;
  let page;
  let exitCode = 1;
  let failure;
  const browserLogs = [];
  const screenshotsTaken = new Set();
  let automationLogs = [];
  try {
    const port = await server.port;
    log(
      `${name}: VS Code ${VSCODE_VERSION} server on 127.0.0.1:${port} (${pass.trusted ? 'trusted' : 'Restricted Mode'}${pass.vsix ? `, installed ${path.basename(options.vsix)}` : ', development tree'})`,
    );
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    const livePage = page;
    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      automationLogs = Array.isArray(logs) ? logs : [];
      resolveExit(Number(code));
    });
    // The extension host's console output reaches the page both as console messages and, in a
    // test run, through codeAutomationLog: a screenshot request is honoured once per name.
    const onScreenshotRequest = (text) => {
      const request = /IMPRIVATA_SCREENSHOT (\S+) <<(.+?)>>/.exec(text);
      if (request && screenshotsDir && !screenshotsTaken.has(request[1])) {
        screenshotsTaken.add(request[1]);
        void takeScreenshot(livePage, request[1], request[2], screenshotsDir, screenshotRequests);
      }
    };
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? args.join(' ') : String(args);
      browserLogs.push(`[automation ${type}] ${text}`);
      onScreenshotRequest(text);
    });
    page.on('console', (message) => {
      const text = consoleText(message);
      // Log lines also arrive through codeAutomationLog; keep the console copy only for the rest.
      if (!/^\s*(INFO|WARN|ERR|DEBUG|TRACE)\b/.test(text)) browserLogs.push(`[${message.type()}] ${text}`);
      onScreenshotRequest(text);
    });
    page.on('pageerror', (error) => browserLogs.push(`[pageerror] ${error.message}`));

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    // The extension host runs extensionTestsPath only in extension development mode, so the vsix
    // pass names an empty folder as the development extension: the one under test is the
    // installed .vsix.
    const developmentPath = pass.vsix ? path.join(tmp, 'no-development-extension') : repoRoot;
    fs.mkdirSync(developmentPath, { recursive: true });
    const payload = [
      ['extensionDevelopmentPath', remote(developmentPath)],
      ['extensionTestsPath', remote(suiteEntry)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(remote(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    // Ends early when the server, the browser or the page dies instead of waiting for the timeout.
    let timer;
    const aborted = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no codeAutomationExit within ${options.timeoutSeconds} s`)),
        options.timeoutSeconds * 1000,
      );
      server.child.once('exit', (code, signal) =>
        reject(new Error(`the VS Code server exited (${code ?? signal}) before the tests ended`)),
      );
      browser.once('disconnected', () => reject(new Error('the browser disconnected before the tests ended')));
      livePage.once('crash', () => reject(new Error('the workbench page crashed')));
    });
    aborted.catch(() => undefined);
    await page.goto(url);
    try {
      exitCode = await Promise.race([exited, aborted]);
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    failure = error;
    exitCode = 1;
  }

  const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : undefined;
  if (results) {
    const started = extensionLogLine(serverDataDir, /language server started in (\d+) ms/);
    if (started) results.metrics = { ...results.metrics, languageServerStartMs: Number(started[1]) };
    printResults(name, results);
  }
  if (exitCode !== 0 || failure) {
    const artifacts = path.join(repoRoot, 'test-results', `vscode-${stamp()}-${name}`);
    fs.mkdirSync(artifacts, { recursive: true });
    if (page) {
      try {
        await page.screenshot({ path: path.join(artifacts, 'workbench.png'), timeout: 10_000 });
      } catch (error) {
        fs.writeFileSync(path.join(artifacts, 'screenshot-failed.txt'), String(error));
      }
    }
    const exthostLogs = copyLogs(serverDataDir, artifacts);
    fs.writeFileSync(path.join(artifacts, 'browser-console.log'), browserLogs.join('\n') + '\n');
    for (const entry of automationLogs) {
      if (entry && typeof entry.relativePath === 'string') {
        const target = path.join(artifacts, 'workbench-logs', entry.relativePath.replace(/\.\.+/g, '_'));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, String(entry.contents ?? ''));
      }
    }
    if (fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(artifacts, 'server.log'));
    if (results) fs.writeFileSync(path.join(artifacts, 'results.json'), JSON.stringify(results, null, 2));
    if (failure) log(`${name}: ${failure instanceof Error ? failure.message : String(failure)}`);
    log(`${name}: FAILED (exit ${exitCode}); screenshot and logs in ${artifacts}`);
    for (const file of exthostLogs) log(`${name}: extension host log: ${file}`);
  }

  if (browser) await browser.close().catch(() => undefined);
  await killGroup(server.child);
  liveGroups.delete(server.child.pid);
  if (process.env.IMPRIVATA_KEEP_TMP) log(`${name}: kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
  liveTmpDirs.delete(tmp);
  const seconds = (Date.now() - started) / 1000;
  log(`${name}: exit ${exitCode} in ${seconds.toFixed(1)} s`);
  return { name, exitCode, results, seconds };
}

/**
 * The suite asks for a screenshot by logging `IMPRIVATA_SCREENSHOT <name> <<css selector>>` and
 * waits for `<name>.done`. The screenshot is taken once the selector is visible (rendering is
 * awaited by the DOM, not by a fixed delay).
 */
async function takeScreenshot(page, name, selector, screenshotsDir, requestsDir) {
  const safe = name.replace(/[^a-z0-9-]/gi, '');
  try {
    fs.mkdirSync(screenshotsDir, { recursive: true });
    for (const part of selector.split('&&')) await page.locator(part.trim()).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const file = path.join(screenshotsDir, `screenshot-${safe}.png`);
    await page.screenshot({ path: file });
    log(`screenshot ${path.relative(repoRoot, file)}`);
    fs.writeFileSync(path.join(requestsDir, `${safe}.done`), file);
  } catch (error) {
    fs.writeFileSync(path.join(requestsDir, `${safe}.done`), `error: ${error}`);
  }
}

function printResults(name, results) {
  for (const test of results.tests ?? []) {
    const mark = test.state === 'passed' ? 'ok  ' : test.state === 'failed' ? 'FAIL' : 'skip';
    log(`${name}: ${mark} ${test.title} (${test.durationMs ?? 0} ms)`);
    if (test.state === 'failed') for (const line of String(test.error ?? '').split('\n')) log(`${name}:        ${line}`);
  }
  for (const [key, value] of Object.entries(results.metrics ?? {})) log(`${name}: metric ${key} = ${value}`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(suiteEntry)) throw new Error(`${path.relative(repoRoot, suiteEntry)} missing: run npm run build first`);
  const installStarted = Date.now();
  const { serverMain } = ensureCodeServer();
  log(`VS Code server ready in ${((Date.now() - installStarted) / 1000).toFixed(1)} s`);
  let passed = 0;
  let failed = 0;
  let anyFailure = false;
  for (const name of options.passes) {
    const outcome = await runPass(name, options, serverMain);
    passed += outcome.results?.passed ?? 0;
    failed += outcome.results?.failed ?? 0;
    if (outcome.exitCode !== 0 || !outcome.results) anyFailure = true;
    if (outcome.exitCode !== 0 && !outcome.results?.failed) failed += 1; // a pass that broke before its tests
  }
  if (passed + failed === 0) {
    anyFailure = true;
    log('no test ran');
  }
  process.stdout.write(`vscode: ${passed} passed, ${failed} failed\n`);
  process.exit(anyFailure ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  process.exit(1);
});
