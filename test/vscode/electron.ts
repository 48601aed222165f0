// Runs the same extension-host suite (out/test/suite/index.js) in desktop VS Code downloaded by
// @vscode/test-electron: for a desktop or a CI that can download VS Code. (Machines that reach
// only the npm registry use test/vscode/run.mjs, the VS Code server in headless Chromium.)
//
//   npm run build && node out/test/vscode/electron.js            both passes
//   VSCODE_TEST_VERSION=1.91.0 node out/test/vscode/electron.js  the oldest supported VS Code
//
// Pass "dev": the development tree in a trusted workspace (test-electron always adds
// --disable-workspace-trust), every test but the @untrusted ones. Pass "restricted": the same
// VS Code started without that flag, so the folder opens in Restricted Mode: the @restricted and @untrusted tests.
// On Linux without a display, run it under xvfb-run.
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const extensionTestsPath = path.join(repoRoot, 'out', 'test', 'suite', 'index.js');

/** Same layout as test/vscode/run.mjs: a copy of examples/ the tests may change on disk. */
function prepareWorkspace(dir: string): void {
  fs.cpSync(path.join(repoRoot, 'examples'), path.join(dir, 'examples'), { recursive: true });
  const fixtures = path.join(repoRoot, 'test', 'suite', 'fixtures');
  if (fs.existsSync(fixtures)) fs.cpSync(fixtures, path.join(dir, 'fixtures'), { recursive: true });
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none' }, null, 2));
}

function suiteEnv(pass: string, grep: string, invert: boolean, tmp: string): Record<string, string> {
  return {
    IMPRIVATA_TEST_PASS: pass,
    IMPRIVATA_TEST_GREP: grep,
    IMPRIVATA_TEST_INVERT: invert ? '1' : '',
    IMPRIVATA_TEST_RESULTS: path.join(tmp, `${pass}-results.json`),
  };
}

function spawnUntrusted(executable: string, workspace: string, tmp: string, env: Record<string, string>): Promise<number> {
  const args = [
    workspace,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    `--extensionDevelopmentPath=${repoRoot}`,
    `--extensionTestsPath=${extensionTestsPath}`,
    `--user-data-dir=${path.join(tmp, 'user-data-restricted')}`,
    `--extensions-dir=${path.join(tmp, 'extensions-restricted')}`,
  ];
  return new Promise((resolve) => {
    const child = cp.spawn(executable, args, { env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

async function main(): Promise<void> {
  const version = process.env.VSCODE_TEST_VERSION ?? 'stable';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imprivata-electron-'));
  const workspace = path.join(tmp, 'workspace');
  prepareWorkspace(workspace);
  let failed = false;
  try {
    await runTests({
      version,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [workspace, `--user-data-dir=${path.join(tmp, 'user-data')}`, `--extensions-dir=${path.join(tmp, 'extensions')}`],
      extensionTestsEnv: suiteEnv('dev', '@untrusted', true, tmp),
    });
  } catch (error) {
    console.error(`dev pass failed: ${error instanceof Error ? error.message : String(error)}`);
    failed = true;
  }
  const executable = await downloadAndUnzipVSCode(version);
  const restrictedWorkspace = path.join(tmp, 'workspace-restricted');
  prepareWorkspace(restrictedWorkspace);
  const code = await spawnUntrusted(executable, restrictedWorkspace, tmp, suiteEnv('restricted', '@restricted|@untrusted', false, tmp));
  if (code !== 0) {
    console.error(`restricted pass failed (exit ${code})`);
    failed = true;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
