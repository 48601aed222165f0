/**
 * The real CLI process as the preflight tests run it: asynchronously, since the servers it talks to live in the
 * test's own process (a synchronous spawn would block them).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from '../../support/fixtures';

/** The CLI as users run it: the installed bin script. */
export const CLI = path.join(ROOT, 'bin/imprivata-config.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI with `args` in the repository's folder, with only the variables a user would have: none of the
 * machine's proxy or CA variables, none of its `IMPRIVATA_*` secrets; `env` adds the test's own. Killed after 60 s.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/proxy|NODE_EXTRA_CA_CERTS|SSL_CERT|IMPRIVATA_/i.test(k)),
    );
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...clean, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
