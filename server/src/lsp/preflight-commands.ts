/**
 * The preflight behind `workspace/executeCommand`, so any editor can run it:
 * - `imprivata.server.preflight.run` `[{ uri, only?, label?, options? }]` → `{ report }`: work-done progress (one
 *   step per check; the client's token, else one the server creates when the client supports it), and cancel
 *   (the request's cancellation, or the progress' cancel button): cancelled checks come back `skipped`.
 * - `imprivata.server.preflight.allowlist` `[{ uri, format?, label? }]` → `{ text }`: the firewall ticket.
 * - `imprivata.server.preflight.sealingKey` `[]` → `{ keyId, publicKey }`: a one-time key to seal secrets with
 *   (secret-seal.ts), so that `options.sealedSecrets` of a run never shows a secret in an LSP trace.
 * The editor decides whether the workspace is trusted enough to run it (VS Code: never in Restricted Mode).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ResponseError, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { CancellationToken, Connection, ExecuteCommandParams } from 'vscode-languageserver';
import { ConfigDocument } from '../core/document';
import { planHosts } from '../core/preflight/plan';
import { firewallTicket, ticketCsv, ticketJson, ticketMarkdown } from '../core/preflight/ticket';
import type { Family, PreflightOptions } from '../preflight/run';
import type { SealedSecrets, SecretOpener } from '../preflight/secret-seal';
import type { PreflightReport } from '../preflight/types';
import { decodeConfigBytes, readRegularFile } from '../node/input';

export const PREFLIGHT_RUN = 'imprivata.server.preflight.run';
export const PREFLIGHT_ALLOWLIST = 'imprivata.server.preflight.allowlist';
export const PREFLIGHT_SEALING_KEY = 'imprivata.server.preflight.sealingKey';
export const PREFLIGHT_COMMANDS = [PREFLIGHT_RUN, PREFLIGHT_ALLOWLIST, PREFLIGHT_SEALING_KEY];

/** JSON-RPC InvalidParams: a bad argument (a routing rule, a CA file), said in words. */
const INVALID_PARAMS = -32602;

export interface PreflightRunArguments {
  uri: string;
  only?: Family[];
  /** How the report names the file (default: its path). */
  label?: string;
  options?: {
    timeoutMs?: number;
    concurrency?: number;
    caFiles?: string[];
    resolve?: string[];
    connectTo?: string[];
    /** The editor's proxy settings (VS Code `http.proxy`, `http.noProxy`), over the environment's. */
    proxy?: string;
    noProxy?: string[];
    /** Sign in to the mail server (`--smtp-login`). */
    smtpLogin?: boolean;
    /** Send a test message to this address (`--smtp-send-to`). */
    smtpSendTo?: string;
    /** The Entra ID login host (`--authority-host`). */
    authorityHost?: string;
    /** Secret values by variable name, sealed for a key from `imprivata.server.preflight.sealingKey`. */
    sealedSecrets?: SealedSecrets;
    /** The editor stores secrets (messages about a missing one say how). */
    secretStorage?: boolean;
  };
}

export interface AllowlistArguments {
  uri: string;
  format?: 'markdown' | 'csv' | 'json';
  label?: string;
}

/** The text of a document: the open buffer when the server has it, else the file on disk. */
export type DocumentText = (uri: string) => string | undefined;

function readDocument(uri: string, textOf: DocumentText): { text: string; filePath?: string } {
  let filePath: string | undefined;
  try {
    filePath = uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    filePath = undefined;
  }
  const open = textOf(uri);
  if (open !== undefined) return { text: open, filePath };
  if (filePath) {
    // Only a regular file of bounded size: a FIFO under the name would block the server for good.
    const read = readRegularFile(filePath);
    const decoded = read.ok ? decodeConfigBytes(read.bytes) : undefined;
    if (decoded?.ok) return { text: decoded.text, filePath };
    throw new ResponseError(
      INVALID_PARAMS,
      `${uri} is not open and cannot be read from disk (${filePath}: ${read.ok ? 'is not UTF-8 text' : read.reason})`,
    );
  }
  throw new ResponseError(INVALID_PARAMS, `${uri} is neither open nor readable`);
}

export function registerPreflightCommands(connection: Connection, textOf: DocumentText, canCreateProgress: () => boolean): void {
  let opener: SecretOpener | undefined;
  const secretOpener = (): SecretOpener => {
    const { SecretOpener: Opener } = require('../preflight/secret-seal') as typeof import('../preflight/secret-seal');
    return (opener ??= new Opener());
  };
  connection.onExecuteCommand(async (params: ExecuteCommandParams, token: CancellationToken, workDone: WorkDoneProgressReporter) => {
    if (params.command === PREFLIGHT_ALLOWLIST) return allowlist(params.arguments?.[0] as AllowlistArguments, textOf);
    if (params.command === PREFLIGHT_SEALING_KEY) return secretOpener().newKey();
    if (params.command !== PREFLIGHT_RUN) throw new ResponseError(INVALID_PARAMS, `unknown command ${params.command}`);
    const args = params.arguments?.[0] as PreflightRunArguments | undefined;
    if (!args || typeof args.uri !== 'string') throw new ResponseError(INVALID_PARAMS, `${PREFLIGHT_RUN} expects [{ uri }]`);
    const { text, filePath } = readDocument(args.uri, textOf);
    const doc = new ConfigDocument(text, filePath);
    // Loaded on first use (require, which the bundler keeps lazy): the engine and undici cost the server's
    // start-up nothing until a preflight runs.
    const { AVAILABLE_FAMILIES, createPorts, runPreflight } = require('../preflight/run') as typeof import('../preflight/run');
    const { RoutingError } = require('../preflight/routing') as typeof import('../preflight/routing');
    const { TrustError } = require('../preflight/trust') as typeof import('../preflight/trust');
    const label = args.label ?? (filePath ? path.basename(filePath) : args.uri);
    const env = { ...process.env };
    if (args.options?.proxy) env.HTTPS_PROXY = env.HTTP_PROXY = args.options.proxy;
    if (args.options?.noProxy?.length) env.NO_PROXY = args.options.noProxy.join(',');
    const only = (args.only ?? []).filter((f) => AVAILABLE_FAMILIES.includes(f));
    let secrets: Record<string, string> | undefined;
    if (args.options?.sealedSecrets) {
      const { SealError } = require('../preflight/secret-seal') as typeof import('../preflight/secret-seal');
      try {
        secrets = secretOpener().open(args.options.sealedSecrets);
      } catch (error) {
        if (error instanceof SealError) throw new ResponseError(INVALID_PARAMS, error.message);
        throw error;
      }
    }
    const options: PreflightOptions = {
      only: only.length ? only : undefined,
      timeoutMs: args.options?.timeoutMs,
      concurrency: args.options?.concurrency,
      caFiles: args.options?.caFiles,
      resolve: args.options?.resolve,
      connectTo: args.options?.connectTo,
      env,
      smtpLogin: args.options?.smtpLogin === true,
      smtpSendTo: typeof args.options?.smtpSendTo === 'string' ? args.options.smtpSendTo : undefined,
      authorityHost: args.options?.authorityHost || undefined,
      secrets,
      inVsCode: args.options?.secretStorage === true,
    };
    let ports;
    try {
      ports = createPorts(options);
    } catch (error) {
      if (error instanceof RoutingError || error instanceof TrustError) throw new ResponseError(INVALID_PARAMS, error.message);
      throw error;
    }
    const cancel = new AbortController();
    token.onCancellationRequested(() => cancel.abort());
    // A client that sent no token gets a progress the server creates (with a cancel button), when it supports one.
    let progress = workDone;
    if (WorkDoneProgressReporter.isNullInstance(workDone) && canCreateProgress()) {
      const created = await connection.window.createWorkDoneProgress();
      created.token.onCancellationRequested(() => cancel.abort());
      progress = created;
    }
    progress.begin(`Imprivata preflight: ${label}`, 0, 'planning', true);
    let report: PreflightReport;
    try {
      report = await runPreflight(
        doc,
        label,
        {
          ...options,
          signal: cancel.signal,
          onResult: (result, done, total) =>
            progress.report(Math.round((100 * done) / total), `${done}/${total} ${result.target}: ${result.status}`),
        },
        ports,
      );
    } finally {
      progress.done();
    }
    connection.console.log(
      `preflight of ${label}: ${report.counts.pass} passed, ${report.counts.warn} warned, ${report.counts.fail} failed, ${report.counts.skipped} skipped in ${report.durationMs} ms${cancel.signal.aborted ? ' (cancelled)' : ''}`,
    );
    return { report, cancelled: cancel.signal.aborted };
  });
}

function allowlist(args: AllowlistArguments | undefined, textOf: DocumentText): { text: string } {
  if (!args || typeof args.uri !== 'string') throw new ResponseError(INVALID_PARAMS, `${PREFLIGHT_ALLOWLIST} expects [{ uri }]`);
  const { text, filePath } = readDocument(args.uri, textOf);
  const ticket = firewallTicket(planHosts(new ConfigDocument(text, filePath)));
  const label = args.label ?? (filePath ? path.basename(filePath) : args.uri);
  return {
    text: args.format === 'csv' ? ticketCsv(ticket) : args.format === 'json' ? ticketJson(ticket, label) : ticketMarkdown(ticket, label),
  };
}
