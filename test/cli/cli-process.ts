import { spawnSync } from 'node:child_process';
import type { SpawnSyncOptions } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/fixtures';

/** The CLI as users run it: the installed bin script, a real process. */
export const CLI = path.join(ROOT, 'bin/imprivata-config.js');

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process. */
  ms: number;
}

export interface CliRunOptions {
  cwd?: string;
  /** Bytes or text for standard input. */
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Run as another user (tests that need a file root could read despite its mode). */
  uid?: number;
  gid?: number;
  timeout?: number;
}

export function runCli(args: string[], options: CliRunOptions = {}): CliRun {
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: options.timeout ?? 30000,
    input: options.input,
    env: options.env ?? process.env,
    maxBuffer: 64 * 1024 * 1024,
  };
  if (options.uid !== undefined) spawnOptions.uid = options.uid;
  if (options.gid !== undefined) spawnOptions.gid = options.gid;
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [CLI, ...args], spawnOptions);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { status: result.status, signal: result.signal, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), ms };
}

/** A fresh temporary folder others may enter (for the runs as another user). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `imprivata-${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** No JavaScript stack trace and no Node error dump in the text. */
export function assertNoStackTrace(text: string): void {
  if (/\n\s+at .+:\d+:\d+\)?/.test(text) || /\b(Error|TypeError|RangeError): /.test(text) || /node:internal/.test(text)) {
    throw new Error(`expected no stack trace, got:\n${text}`);
  }
}

/** A small configuration with exactly one finding: IMP-SMTP-003 (warning) on line 6. */
export const CLEAR_TEXT_SMTP = `version: 1
smtp:
  mode: basic
  server: relay.example.org
  port: 25
  useTls: false
  from: noreply@example.org
`;

/** A configuration with no finding at all. */
export const CLEAN_SMTP = CLEAR_TEXT_SMTP.replace('useTls: false', 'useTls: true').replace('port: 25', 'port: 587');

/** An Imprivata Directory configuration: two of them with one domain and different tenants make IMP-IDP-002 fire. */
export function directoryTenant(tenantId: string, domain: string): string {
  return `version: 1
enterprise:
  name: ${tenantId}
  region: us
  tenantId: ${tenantId}
identityProvider:
  type: imprivata-directory
  directoryDomain: ${domain}
  adminUsername: admin@${domain}
  adminPassword: \${env:ADMIN_PASSWORD}
`;
}
