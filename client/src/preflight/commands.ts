/**
 * The preflight in VS Code: commands (run all checks, hosts only, export the last report, copy the firewall
 * ticket, a new file from the snippet), the report view, the CodeLens above `firewall:` and the diagnostics.
 * The checks run in the language server (`workspace/executeCommand`); this side shows progress with a cancel
 * button, and refuses in Restricted Mode: the checks contact the network.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress } from 'vscode-languageclient/node';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PreflightRunArguments } from '../../../server/src/lsp/preflight-commands';
import { formatPreflightMarkdown } from '../../../server/src/preflight/report-markdown';
import type { PreflightReport } from '../../../server/src/preflight/types';
import { PreflightDiagnostics } from './diagnostics';
import { REPORT_VIEW, ReportView } from './report-view';
import type { ReportViewItem } from './report-view';

// The server's command names (server/src/lsp/preflight-commands.ts), repeated: the client bundle must not pull
// the server's modules in.
const SERVER_RUN = 'imprivata.server.preflight.run';
const SERVER_ALLOWLIST = 'imprivata.server.preflight.allowlist';
const LANGUAGE_ID = 'imprivata-yaml';

export const COMMANDS = {
  runAll: 'imprivata.preflight.runAll',
  runHosts: 'imprivata.preflight.runHosts',
  runSection: 'imprivata.preflight.runSection',
  exportMarkdown: 'imprivata.preflight.exportMarkdown',
  exportJson: 'imprivata.preflight.exportJson',
  copyFirewallTicket: 'imprivata.preflight.copyFirewallTicket',
  createFile: 'imprivata.preflight.createFile',
  showReport: 'imprivata.preflight.showReport',
} as const;

export const RESTRICTED_MESSAGE =
  'Imprivata preflight contacts the hosts of this configuration over the network, so it does not run in Restricted Mode (static validation still does). Trust this workspace to run it: Manage Workspace Trust.';

/** What the extension's API says about the preflight (for its tests and other extensions). */
export interface PreflightApi {
  lastReport(): PreflightReport | undefined;
  /** The report view's tree, as plain data. */
  reportItems(): ReportViewItem[];
  /** The last refusal shown (Restricted Mode), if any. */
  lastRefusal(): string | undefined;
}

interface Outcome {
  report: PreflightReport;
  cancelled: boolean;
}

export function registerPreflight(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
  output: vscode.LogOutputChannel,
): PreflightApi {
  const view = new ReportView();
  const diagnostics = new PreflightDiagnostics();
  let last: { report: PreflightReport; uri: vscode.Uri } | undefined;
  let refusal: string | undefined;

  /** The configuration a command is about: its argument, the active editor's file, or the workspace's only one. */
  async function targetDocument(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
    if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
    const active = vscode.window.activeTextEditor?.document;
    if (active && (active.languageId === LANGUAGE_ID || /imprivata-enterprise[^/\\]*\.ya?ml$/.test(active.fileName))) return active;
    const found = await vscode.workspace.findFiles('**/imprivata-enterprise*.{yaml,yml}', '**/node_modules/**', 2);
    if (found.length === 1) return vscode.workspace.openTextDocument(found[0]);
    void vscode.window.showErrorMessage(
      found.length === 0
        ? 'Imprivata preflight: no imprivata-enterprise.yaml in this workspace. Create one with "Imprivata: New Configuration File from Snippet".'
        : 'Imprivata preflight: open the imprivata-enterprise.yaml to check first (the workspace holds several).',
    );
    return undefined;
  }

  function runningClient(): LanguageClient | undefined {
    const c = client();
    if (!c || !c.isRunning()) {
      void vscode.window.showErrorMessage('Imprivata preflight: the language server is not running yet; try again in a moment.');
      return undefined;
    }
    return c;
  }

  function settings(document: vscode.TextDocument): PreflightRunArguments['options'] {
    const config = vscode.workspace.getConfiguration('imprivata.preflight', document.uri);
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? path.dirname(document.uri.fsPath);
    const http = vscode.workspace.getConfiguration('http');
    // http.proxyStrictSSL is not read on purpose: certificate checks are never lowered.
    const proxy = http.get<string>('proxy');
    const noProxy = http.get<string[]>('noProxy');
    return {
      timeoutMs: config.get<number>('timeoutMs'),
      concurrency: config.get<number>('concurrency'),
      caFiles: (config.get<string[]>('caFiles') ?? []).map((file) => path.resolve(folder, file)),
      resolve: config.get<string[]>('resolve') ?? [],
      connectTo: config.get<string[]>('connectTo') ?? [],
      proxy: proxy ? proxy : undefined,
      noProxy: noProxy?.length ? noProxy : undefined,
    };
  }

  async function run(uri: vscode.Uri | undefined, only?: string[]): Promise<Outcome | undefined> {
    if (!vscode.workspace.isTrusted) {
      refusal = RESTRICTED_MESSAGE;
      output.warn(RESTRICTED_MESSAGE);
      void vscode.window.showWarningMessage(RESTRICTED_MESSAGE, 'Manage Workspace Trust').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return undefined;
    }
    const document = await targetDocument(uri);
    const c = document && runningClient();
    if (!document || !c) return undefined;
    diagnostics.clear(document.uri);
    const label = vscode.workspace.asRelativePath(document.uri);
    const args: PreflightRunArguments = {
      uri: c.code2ProtocolConverter.asUri(document.uri),
      only: only as PreflightRunArguments['only'],
      label,
      options: settings(document),
    };
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Imprivata preflight: ${label}`, cancellable: true },
      async (progress, token) => {
        const workDoneToken = `imprivata-preflight-${Date.now()}-${Math.random().toString(36).slice(2)}`;
        let reported = 0;
        const listening = c.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          if (value.kind !== 'report') return;
          const percentage = value.percentage ?? reported;
          progress.report({ message: value.message, increment: percentage - reported });
          reported = percentage;
        });
        let outcome: Outcome;
        try {
          outcome = (await c.sendRequest(
            ExecuteCommandRequest.type,
            { command: SERVER_RUN, arguments: [args], workDoneToken },
            token,
          )) as Outcome;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          output.error(`preflight of ${label}: ${message}`);
          void vscode.window.showErrorMessage(`Imprivata preflight: ${message}`);
          return undefined;
        } finally {
          listening.dispose();
        }
        if (!outcome?.report) return undefined;
        last = { report: outcome.report, uri: document.uri };
        view.show(outcome.report, document.uri);
        diagnostics.show(outcome.report, document);
        log(outcome);
        const { pass, warn, fail, skipped } = outcome.report.counts;
        const summary = `Imprivata preflight of ${label}${outcome.cancelled ? ' (cancelled)' : ''}: ${pass} passed, ${warn} warned, ${fail} failed, ${skipped} skipped. Run from this workstation, not the appliance.`;
        const show = fail
          ? vscode.window.showWarningMessage(summary, 'Show Report')
          : vscode.window.showInformationMessage(summary, 'Show Report');
        void show.then((choice) => {
          if (choice) void vscode.commands.executeCommand(COMMANDS.showReport);
        });
        return outcome;
      },
    );
  }

  function log({ report, cancelled }: Outcome): void {
    output.info(`preflight of ${report.file}${cancelled ? ' (cancelled)' : ''}, run from ${report.ranFrom}:`);
    for (const check of report.checks) {
      const line = `  ${check.status.toUpperCase().padEnd(7)} ${check.target} (line ${check.line}): ${check.summary}`;
      if (check.status === 'fail') output.error(line);
      else if (check.status === 'warn') output.warn(line);
      else output.info(line);
      for (const step of check.steps) output.debug(`      ${step.name} ${step.status} ${step.ms} ms: ${step.detail}`);
    }
  }

  async function exportReport(format: 'markdown' | 'json'): Promise<vscode.TextDocument | undefined> {
    if (!last) {
      void vscode.window.showInformationMessage('Imprivata preflight: no report yet. Run "Imprivata: Run Preflight Checks" first.');
      return undefined;
    }
    const content = format === 'json' ? JSON.stringify(last.report, null, 2) + '\n' : formatPreflightMarkdown(last.report);
    const document = await vscode.workspace.openTextDocument({ language: format, content });
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  }

  async function copyFirewallTicket(uri?: vscode.Uri): Promise<string | undefined> {
    const document = await targetDocument(uri);
    const c = document && runningClient();
    if (!document || !c) return undefined;
    const { text } = (await c.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_ALLOWLIST,
      arguments: [
        { uri: c.code2ProtocolConverter.asUri(document.uri), format: 'markdown', label: vscode.workspace.asRelativePath(document.uri) },
      ],
    })) as { text: string };
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(
      'Imprivata: the firewall ticket (Markdown) is on the clipboard, ready to paste into a change request.',
    );
    return text;
  }

  async function createFile(): Promise<void> {
    const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: '' });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: LANGUAGE_ID, name: 'imprivata-enterprise' });
  }

  const lenses = new vscode.EventEmitter<void>();
  const codeLens: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: lenses.event,
    provideCodeLenses(document) {
      const result: vscode.CodeLens[] = [];
      for (let line = 0; line < document.lineCount; line++) {
        if (!/^firewall\s*:/.test(document.lineAt(line).text)) continue;
        const range = new vscode.Range(line, 0, line, 0);
        result.push(
          new vscode.CodeLens(range, {
            title: '$(play) Check these hosts (preflight)',
            command: COMMANDS.runSection,
            arguments: [document.uri, ['hosts']],
            tooltip: 'DNS, TCP, TLS and HTTP(S) to every host, from this workstation',
          }),
          new vscode.CodeLens(range, { title: 'Copy firewall ticket', command: COMMANDS.copyFirewallTicket, arguments: [document.uri] }),
        );
      }
      return result;
    },
  };

  context.subscriptions.push(
    view,
    diagnostics,
    lenses,
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, codeLens),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.fire()),
    vscode.commands.registerCommand(COMMANDS.runAll, (uri?: vscode.Uri) => run(uri)),
    vscode.commands.registerCommand(COMMANDS.runHosts, (uri?: vscode.Uri) => run(uri, ['hosts'])),
    vscode.commands.registerCommand(COMMANDS.runSection, (uri?: vscode.Uri, only?: string[]) => run(uri, only)),
    vscode.commands.registerCommand(COMMANDS.exportMarkdown, () => exportReport('markdown')),
    vscode.commands.registerCommand(COMMANDS.exportJson, () => exportReport('json')),
    vscode.commands.registerCommand(COMMANDS.copyFirewallTicket, copyFirewallTicket),
    vscode.commands.registerCommand(COMMANDS.createFile, createFile),
    vscode.commands.registerCommand(COMMANDS.showReport, () => vscode.commands.executeCommand(`${REPORT_VIEW}.focus`)),
  );

  return { lastReport: () => last?.report, reportItems: () => view.items(), lastRefusal: () => refusal };
}
