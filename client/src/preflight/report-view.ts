/** The preflight report as a tree: each check (pass / warn / fail / skipped icon), its steps with timing and detail. */
import * as vscode from 'vscode';
import type { CheckResult, CheckStatus, CheckStep, PreflightReport } from '../../../server/src/preflight/types';

export const REPORT_VIEW = 'imprivata.preflightReport';

const ICON: Record<CheckStatus, vscode.ThemeIcon> = {
  pass: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  warn: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  fail: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  skipped: new vscode.ThemeIcon('circle-slash'),
};

type Node = { check: CheckResult } | { check: CheckResult; step: CheckStep };

/** What the view shows, as plain data (the extension's API returns it to tests and other extensions). */
export interface ReportViewItem {
  label: string;
  description: string;
  status: CheckStatus;
  children: { label: string; description: string; status: CheckStatus; detail: string }[];
}

export class ReportView implements vscode.TreeDataProvider<Node> {
  private report: PreflightReport | undefined;
  private uri: vscode.Uri | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;

  constructor() {
    this.view = vscode.window.createTreeView(REPORT_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.view.message = 'No preflight run yet: run "Imprivata: Run Preflight Checks" on an imprivata-enterprise.yaml.';
  }

  show(report: PreflightReport, uri: vscode.Uri): void {
    this.report = report;
    this.uri = uri;
    const { pass, warn, fail, skipped } = report.counts;
    this.view.message = `${report.file}: ${pass} passed, ${warn} warned, ${fail} failed, ${skipped} skipped in ${(report.durationMs / 1000).toFixed(1)} s. Run from ${report.ranFrom}.`;
    this.view.badge = fail ? { value: fail, tooltip: `${fail} preflight check${fail === 1 ? '' : 's'} failed` } : undefined;
    this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    if (!this.report) return [];
    if (!node) return this.report.checks.map((check) => ({ check }));
    if ('step' in node) return [];
    return node.check.steps.map((step) => ({ check: node.check, step }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ('step' in node) {
      const item = new vscode.TreeItem(node.step.name, vscode.TreeItemCollapsibleState.None);
      item.description = `${node.step.ms} ms · ${node.step.detail}`;
      item.tooltip = `${node.step.name}: ${node.step.status} in ${node.step.ms} ms\n${node.step.detail}`;
      item.iconPath = ICON[node.step.status];
      return item;
    }
    const { check } = node;
    const item = new vscode.TreeItem(
      check.target,
      check.steps.length
        ? check.status === 'fail'
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None,
    );
    item.description = `line ${check.line} · ${check.summary}`;
    item.tooltip = new vscode.MarkdownString(
      `**${check.status.toUpperCase()}** \`${check.target}\` (line ${check.line})\n\n${check.summary}`,
    );
    item.iconPath = ICON[check.status];
    if (this.uri) {
      item.command = {
        title: 'Go to the line',
        command: 'vscode.open',
        arguments: [this.uri, { selection: new vscode.Range(check.line - 1, 0, check.line - 1, 0) }],
      };
    }
    return item;
  }

  /** The tree as plain data. */
  items(): ReportViewItem[] {
    return this.getChildren().map((node) => {
      const item = this.getTreeItem(node);
      return {
        label: String(item.label),
        description: String(item.description),
        status: node.check.status,
        children: this.getChildren(node).map((child) => {
          const step = (child as { step: CheckStep }).step;
          return { label: step.name, description: `${step.ms} ms`, status: step.status, detail: step.detail };
        }),
      };
    });
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}
