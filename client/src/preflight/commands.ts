/**
 * The preflight in VS Code: commands (run all checks, hosts only, the identity provider, the mail server with an
 * optional sign-in and test message, the OAuth2 token, store a secret, export the last report, copy the firewall
 * ticket, a new file from the snippet), the report view, the CodeLenses above `firewall:`, `identityProvider:`
 * and `smtp:`, and the diagnostics. The checks run in the language server (`workspace/executeCommand`); this side
 * shows progress with a cancel button, hands over the secrets of SecretStorage sealed (secret-seal.ts: an LSP
 * trace never shows them), and refuses in Restricted Mode: the checks contact the network.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import snippetFile from '../../../snippets/imprivata-enterprise.code-snippets.json';
import { ExecuteCommandRequest, WorkDoneProgress } from 'vscode-languageclient/node';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PreflightRunArguments } from '../../../server/src/lsp/preflight-commands';
import { formatPreflightMarkdown } from '../../../server/src/preflight/report-markdown';
import { sealSecrets } from '../../../server/src/preflight/secret-seal';
import type { SealingKey } from '../../../server/src/preflight/secret-seal';
import type { PreflightReport } from '../../../server/src/preflight/types';
import { PreflightDiagnostics } from './diagnostics';
import { REPORT_VIEW, ReportView } from './report-view';
import type { ReportViewItem } from './report-view';

// The server's command names (server/src/lsp/preflight-commands.ts), repeated: the client bundle must not pull
// the server's modules in.
const SERVER_RUN = 'imprivata.server.preflight.run';
const SERVER_ALLOWLIST = 'imprivata.server.preflight.allowlist';
const SERVER_SEALING_KEY = 'imprivata.server.preflight.sealingKey';
const LANGUAGE_ID = 'imprivata-yaml';
/** SecretStorage keys: one per environment variable name the file references (`${env:NAME}`). */
export const SECRET_KEY_PREFIX = 'imprivata.preflight.env.';
const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

export const COMMANDS = {
  runAll: 'imprivata.preflight.runAll',
  runHosts: 'imprivata.preflight.runHosts',
  runSection: 'imprivata.preflight.runSection',
  exportMarkdown: 'imprivata.preflight.exportMarkdown',
  exportJson: 'imprivata.preflight.exportJson',
  copyFirewallTicket: 'imprivata.preflight.copyFirewallTicket',
  createFile: 'imprivata.preflight.createFile',
  showReport: 'imprivata.preflight.showReport',
  checkIdentityProvider: 'imprivata.preflight.checkIdentityProvider',
  checkMailServer: 'imprivata.preflight.checkMailServer',
  checkOAuthToken: 'imprivata.preflight.checkOAuthToken',
  storeSecret: 'imprivata.preflight.storeSecret',
} as const;

/** What "Check the Mail Server" does beyond the dialogue: sign in, and send a test message to an address. */
export interface MailCheckChoice {
  login?: boolean;
  sendTo?: string;
}

const EMAIL = /^[^\s<>@,;"]+@[^\s<>@,;".]+(\.[^\s<>@,;".]+)+$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
      authorityHost: config.get<string>('authorityHost') || undefined,
      secretStorage: true,
    };
  }

  /** The variables the file references that SecretStorage holds, sealed for a one-time key of the server. */
  async function sealedSecrets(c: LanguageClient, document: vscode.TextDocument): Promise<PreflightRunArguments['options']> {
    const names = [...new Set([...document.getText().matchAll(ENV_REFERENCE)].map((m) => m[1]))];
    const secrets: Record<string, string> = {};
    for (const name of names) {
      const value = await context.secrets.get(SECRET_KEY_PREFIX + name);
      if (value !== undefined) secrets[name] = value;
    }
    if (Object.keys(secrets).length === 0) return {};
    const key = (await c.sendRequest(ExecuteCommandRequest.type, { command: SERVER_SEALING_KEY, arguments: [] })) as SealingKey;
    return { sealedSecrets: sealSecrets(key, secrets) };
  }

  async function run(uri: vscode.Uri | undefined, only?: string[], mail: MailCheckChoice = {}): Promise<Outcome | undefined> {
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
      options: {
        ...settings(document),
        ...(await sealedSecrets(c, document)),
        smtpLogin: mail.login === true,
        smtpSendTo: mail.sendTo,
      },
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

  async function checkMailServer(uri?: vscode.Uri, choice?: MailCheckChoice): Promise<Outcome | undefined> {
    let mail = choice;
    if (!mail) {
      const picked = await vscode.window.showQuickPick(
        [
          { label: 'Connect only', description: 'greeting, EHLO, STARTTLS, TLS version, AUTH mechanisms', choice: {} as MailCheckChoice },
          { label: 'Connect and sign in', description: 'with smtp.password, or the OAuth2 token', choice: { login: true } },
          {
            label: 'Sign in and send a test message…',
            description: 'proves Send As for the From address',
            choice: { login: true, sendTo: '' },
          },
        ],
        { title: 'Imprivata: Check the Mail Server' },
      );
      if (!picked) return undefined;
      mail = picked.choice;
      if (mail.sendTo !== undefined) {
        const address = await vscode.window.showInputBox({
          title: 'Imprivata: Send a Test Message',
          prompt: 'The address to send the test message to: only this address receives it.',
          placeHolder: 'it-team@example.org',
          ignoreFocusOut: true,
          validateInput: (value) => (EMAIL.test(value.trim()) ? undefined : 'An email address, such as it-team@example.org'),
        });
        if (!address) return undefined;
        mail = { login: true, sendTo: address.trim() };
      }
    }
    return run(uri, ['smtp'], mail);
  }

  /** Stores the value of one `${env:NAME}` variable in SecretStorage (it wins over the environment). */
  async function storeSecret(name?: string, value?: string): Promise<string | undefined> {
    let variable = typeof name === 'string' ? name : undefined;
    if (!variable) {
      const text = vscode.window.activeTextEditor?.document.getText() ?? '';
      const referenced = [...new Set([...text.matchAll(ENV_REFERENCE)].map((m) => m[1]))];
      const other = 'Another variable…';
      const picked = await vscode.window.showQuickPick(
        [...referenced.map((label) => ({ label, description: 'referenced by this file' })), { label: other, description: '' }],
        { title: 'Imprivata: Store a Secret for Preflight', placeHolder: 'The ${env:NAME} variable whose value to store' },
      );
      if (!picked) return undefined;
      variable =
        picked.label === other
          ? await vscode.window.showInputBox({
              title: 'Imprivata: Store a Secret for Preflight',
              prompt: 'The variable name, as in ${env:NAME}',
              validateInput: (v) => (VARIABLE.test(v) ? undefined : 'Letters, digits and _, not starting with a digit'),
            })
          : picked.label;
      if (!variable) return undefined;
    }
    if (!VARIABLE.test(variable)) {
      void vscode.window.showErrorMessage(`Imprivata: "${variable}" is not an environment variable name (letters, digits and _).`);
      return undefined;
    }
    const secret =
      typeof value === 'string'
        ? value
        : await vscode.window.showInputBox({
            title: `Imprivata: Store ${variable}`,
            prompt: `The value of ${variable}: kept in VS Code's SecretStorage, never shown, logged or written into a report.`,
            password: true,
            ignoreFocusOut: true,
          });
    if (!secret) return undefined;
    await context.secrets.store(SECRET_KEY_PREFIX + variable, secret);
    output.info(`stored a value for \${env:${variable}} in SecretStorage`);
    void vscode.window.showInformationMessage(
      `Imprivata: the value of ${variable} is stored; the preflight uses it for \${env:${variable}} before the environment.`,
    );
    return variable;
  }

  async function createFile(): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: '' });
    const editor = await vscode.window.showTextDocument(document);
    // The skeleton from snippets/ itself (package.json contributes no static snippets: the server offers them).
    await editor.insertSnippet(new vscode.SnippetString(skeletonSnippet()));
    return document;
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
      const oauth2 = /^\s+mode\s*:\s*["']?oauth2\b/m.test(document.getText());
      for (let line = 0; line < document.lineCount; line++) {
        const text = document.lineAt(line).text;
        const range = new vscode.Range(line, 0, line, 0);
        if (/^identityProvider\s*:/.test(text)) {
          result.push(
            new vscode.CodeLens(range, {
              title: "$(play) Check the identity provider's metadata (preflight)",
              command: COMMANDS.checkIdentityProvider,
              arguments: [document.uri],
              tooltip: 'Fetch the SAML metadata over HTTPS (or read metadataFile) and check its certificates, role, bindings and entity',
            }),
          );
        } else if (/^smtp\s*:/.test(text)) {
          result.push(
            new vscode.CodeLens(range, {
              title: '$(play) Check the mail server (preflight)',
              command: COMMANDS.checkMailServer,
              arguments: [document.uri, {}],
              tooltip: 'Greeting, EHLO, STARTTLS, TLS version (capped at 1.2), AUTH mechanisms; no sign-in',
            }),
            new vscode.CodeLens(range, {
              title: 'Sign in / send a test message…',
              command: COMMANDS.checkMailServer,
              arguments: [document.uri],
            }),
            ...(oauth2
              ? [
                  new vscode.CodeLens(range, {
                    title: 'Check the OAuth2 token',
                    command: COMMANDS.checkOAuthToken,
                    arguments: [document.uri],
                  }),
                ]
              : []),
            new vscode.CodeLens(range, { title: 'Store a secret', command: COMMANDS.storeSecret }),
          );
        }
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
    vscode.commands.registerCommand(COMMANDS.checkIdentityProvider, (uri?: vscode.Uri) => run(uri, ['idp'])),
    vscode.commands.registerCommand(COMMANDS.checkMailServer, checkMailServer),
    vscode.commands.registerCommand(COMMANDS.checkOAuthToken, (uri?: vscode.Uri) => run(uri, ['oauth'])),
    vscode.commands.registerCommand(COMMANDS.storeSecret, storeSecret),
  );

  return { lastReport: () => last?.report, reportItems: () => view.items(), lastRefusal: () => refusal };
}

/** The body of the `imprivata-enterprise` snippet (a whole file), in snippet syntax. */
function skeletonSnippet(): string {
  const entries = Object.values(snippetFile as Record<string, { prefix: string; body: string | string[] }>);
  const skeleton = entries.find((entry) => entry.prefix === 'imprivata-enterprise');
  if (!skeleton) return 'version: 1\n$0';
  return Array.isArray(skeleton.body) ? skeleton.body.join('\n') : skeleton.body;
}
