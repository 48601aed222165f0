import { isMap, isScalar } from 'yaml';
import type { Node } from 'yaml';
import { keyName } from '../../document';
import { schemaAt } from '../../schema';
import type { RelatedSpan } from '../rule';
import { defineRule } from '../rule';

const MAX_RELATED = 3;

export default defineRule({
  id: 'IMP-SMTP-009',
  title: 'Notifications enabled without a mail server',
  severity: 'error',
  docs: `Every notification (enroll notification, proofing reminder, agent installation, security questions,
first-EPCS enrollment) is sent by mail: with any of them enabled and no \`smtp\` block, nothing can be sent. The
error is on the \`notifications\` key, with up to three of the enabled notifications as related locations.

A notification counts as enabled when it says \`enabled: true\`, or when its block is written without \`enabled\`
and the notification is on by default (\`enrollNotification\`, \`installAgent\`: the defaults shown on hover).
Decision: notifications that are not written in the file, and a file without a \`notifications\` section, do not
count, even though the enroll notification is on by default on the appliance: the file makes no statement about
them, and reporting every file that leaves out mail would be noise with nowhere to point. An \`smtp\` key with the
wrong shape is reported by IMP-DOC-003, not here.`,
  check({ doc, report }) {
    if (doc.has(['smtp'])) return;
    const notifications = doc.map(['notifications']);
    const notificationsKey = doc.keySpan(['notifications']);
    if (!notifications || !notificationsKey) return;
    const enabled: RelatedSpan[] = [];
    let count = 0;
    for (const pair of doc.entries(notifications)) {
      const name = keyName(pair);
      if (name === undefined) continue;
      const block = doc.resolve(pair.value as Node | null);
      if (!isMap(block)) continue;
      const enabledNode = doc.node(['notifications', name, 'enabled']);
      let on: boolean;
      let span = doc.keySpan(['notifications', name]);
      if (doc.has(['notifications', name, 'enabled'])) {
        on = isScalar(enabledNode) && enabledNode.value === true;
        if (enabledNode) span = doc.span(enabledNode);
      } else {
        on = schemaAt(['notifications', name, 'enabled'])?.default === true;
      }
      if (!on || !span) continue;
      count++;
      if (enabled.length < MAX_RELATED) {
        enabled.push({ span, message: `\`${name}\` is ${doc.has(['notifications', name, 'enabled']) ? 'enabled' : 'on by default'}` });
      }
    }
    if (count === 0) return;
    report({
      span: notificationsKey,
      message: `${count === 1 ? 'A notification is' : `${count} notifications are`} enabled, but there is no \`smtp\` block: the appliance sends notifications by mail, so none of them can be sent. Add an \`smtp\` block (mode \`basic\` or \`oauth2\`), or turn the notifications off.`,
      related: enabled,
    });
  },
});
