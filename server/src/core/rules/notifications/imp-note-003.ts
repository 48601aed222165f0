import { isAlias } from 'yaml';
import type { Node } from 'yaml';
import type { ConfigDocument } from '../../document';
import type { Span } from '../../types';
import { hasEnvReference, isEmail } from '../../values';
import type { FixSpec } from '../rule';
import { defineRule } from '../rule';
import { isEmptyValue, stringValue } from '../../document';
import { describeNonText } from '../../value-words';
import { afterLine, lineStart, trimSpanEnd } from '../../yaml/spans';

export default defineRule({
  id: 'IMP-NOTE-003',
  title: 'First EPCS enrollment notification without valid recipients',
  severity: 'error',
  docs: `The Confirm ID first-time enroll notification tells the people in its To field when a provider has enrolled
their first EPCS-compliant authentication method (for example the administrators who enable providers for EPCS in
the EMR). With \`notifications.firstEpcsEnrollment.enabled: true\` it needs a non-empty \`to\` list, and every
recipient must be a valid email address, or nobody is told.

Decisions: every recipient is checked whether or not the notification is enabled (an invalid address is wrong
either way); a missing or empty list is an error only while the notification is enabled. A recipient listed twice
is a warning (the second occurrence, compared without regard to case), with a fix that removes it. Values from
\`\${env:NAME}\` are not checked. A \`to\` of the wrong shape (text instead of a list) is IMP-DOC-003's.`,
  fix: 'Remove a duplicate recipient.',
  fixKind: 'safe',
  check({ doc, report }) {
    const base = ['notifications', 'firstEpcsEnrollment'];
    if (!doc.map(base)) return;
    const enabled = doc.scalar([...base, 'enabled']);
    const isEnabled = enabled?.value === true;
    const toPath = [...base, 'to'];

    if (!doc.has(toPath)) {
      if (isEnabled && enabled) {
        report({
          span: doc.span(enabled),
          message:
            'The first EPCS enrollment notification is enabled but has no recipients. Add a `to` list with the email addresses to notify (for example the administrators who enable providers for EPCS), or set `enabled: false`.',
        });
      }
      return;
    }
    const list = doc.seq(toPath);
    if (!list) return;
    if (list.items.length === 0) {
      if (isEnabled) {
        report({
          span: doc.reportSpan(toPath),
          message:
            "The first EPCS enrollment notification is enabled, but its `to` list is empty, so nobody is notified. Add the recipients' email addresses, or set `enabled: false`.",
        });
      }
      return;
    }

    const seen = new Map<string, Span>();
    list.items.forEach((raw, index) => {
      // An alias repeats an item checked where its anchor is: reporting it again there would be a duplicate.
      if (isAlias(raw)) return;
      const path = [...toPath, index];
      const node = doc.node(path);
      const address = stringValue(node);
      if (address === undefined || isEmptyValue(node) || !node) {
        report({
          span: itemSpan(doc, node) ?? doc.reportSpan(toPath),
          message: `A recipient in \`to\` is ${describeNonText(node)}; each item must be one email address.`,
        });
        return;
      }
      const span = doc.span(node);
      const value = address.trim();
      if (hasEnvReference(value)) return;
      if (!isEmail(value)) {
        report({
          span,
          message: `\`${value}\` is not a valid email address (like \`epcs-admins@example.org\`), so the notification cannot be delivered to it. Write one address per item.`,
        });
        return;
      }
      const key = value.toLowerCase();
      const first = seen.get(key);
      if (!first) {
        seen.set(key, span);
        return;
      }
      report({
        span,
        severity: 'warning',
        message: `\`${value}\` is listed more than once in \`to\`. Remove the duplicate.`,
        related: [{ span: first, message: 'First listed here.' }],
        fixes: removeItemFix(doc, node, list.flow === true),
      });
    });
  },
});

/** Deletes the line(s) of a block list item; flow lists get no fix. */
function removeItemFix(doc: ConfigDocument, node: Node, flow: boolean): FixSpec[] | undefined {
  if (flow) return undefined;
  const span = doc.span(node);
  const start = lineStart(doc, span.start);
  if (!/^\s*-\s+$/.test(doc.text.slice(start, span.start))) return undefined;
  const end = afterLine(doc, trimSpanEnd(doc, span).end);
  return [{ title: 'Remove the duplicate recipient', edits: [{ span: { start, end }, newText: '' }], preferred: true }];
}

/** Where an odd item is reported: the item, or its dash when the item is empty (`- ` alone). */
function itemSpan(doc: ConfigDocument, node: Node | undefined): Span | undefined {
  if (!node) return undefined;
  const span = trimSpanEnd(doc, doc.span(node));
  if (span.end > span.start) return span;
  const start = lineStart(doc, span.start);
  const dash = /^(\s*)-\s*$/.exec(doc.text.slice(start, span.start));
  return dash ? { start: start + dash[1].length, end: start + dash[1].length + 1 } : undefined;
}
