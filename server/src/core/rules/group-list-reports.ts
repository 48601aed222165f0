/** How the admin group list rules (IMP-IDP-010/011/012) report problems of single items of the list. */
import type { GroupItem, GroupList } from '../domain/idp';
import type { Severity, Span } from '../types';
import { shown } from '../value-words';
import type { FixSpec, RuleContext } from './rule';

export interface ItemFinding {
  item: GroupItem;
  message: string;
  related?: { span: Span; message: string }[];
  fixes?: FixSpec[];
}

/**
 * Reports item findings at their own columns; when the value's columns cannot be mapped (block or folded scalar,
 * escapes), reports one finding on the whole value naming the other items, instead of stacking copies there.
 */
export function reportItems(ctx: RuleContext, list: GroupList, findings: ItemFinding[], severity?: Severity): void {
  if (findings.length === 0) return;
  if (list.exact) {
    for (const f of findings) ctx.report({ span: f.item.span, message: f.message, severity, related: f.related, fixes: f.fixes });
    return;
  }
  const [first, ...rest] = findings;
  const others = rest.map((f) => `"${shown(f.item.text, 40)}"`).join(', ');
  ctx.report({
    span: first.item.span,
    message: rest.length ? `${first.message} Also affected in this list: ${others}.` : first.message,
    severity,
    fixes: first.fixes,
  });
}
