import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { ConfigDocument } from '../../document';
import { hasEnvReference } from '../../values';
import { defineRule } from '../rule';
import type { FixSpec, RelatedSpan } from '../rule';
import { stringDefault } from '../../domain/hosts';
import { insertLinesAtLineEnd } from '../../yaml/edits';
import { column } from '../../yaml/spans';

export default defineRule({
  id: 'IMP-CC-001',
  title: 'Cloud Connect disabled on an appliance',
  severity: 'warning',
  docs: `The Imprivata Cloud Connect service ships disabled and must be running before the connection to the Imprivata
Cloud Platform can be configured or used (Appliance Console: System > Operations > Imprivata Cloud Connect >
Stop/restart options > Restart Imprivata Cloud Connect on all appliances). While \`cloudPlatform\` is configured, each
appliance with \`cloudConnect: disabled\` gets a warning: it cannot reach the Cloud Platform.

Decision: an appliance without \`cloudConnect\` takes the schema's default, \`disabled\` (the state the service ships
in), so it is warned about too, on its \`host\`. A value given as an \`\${env:}\` reference is not judged; a value other
than \`running\` and \`disabled\` is IMP-DOC-003's.`,
  fix: 'Set `cloudConnect: running` (insert the key when it is missing).',
  fixKind: 'safe',
  check({ doc, model, report }) {
    if (!doc.root || !model.cloudPlatformConfigured) return;
    const appliances = doc.seq(['appliances']);
    if (!appliances) return;
    const fallback = stringDefault(['appliances', 0, 'cloudConnect'], 'disabled');
    const cloudPlatformKey = doc.keySpan(['cloudPlatform']);
    const related: RelatedSpan[] | undefined = cloudPlatformKey
      ? [
          {
            span: cloudPlatformKey,
            message: 'The Cloud Platform connection configured here needs Cloud Connect running on every appliance.',
          },
        ]
      : undefined;
    appliances.items.forEach((_, index) => {
      const map = doc.map(['appliances', index]);
      if (!map) return;
      const hostName = doc.string(['appliances', index, 'host'])?.trim();
      const which = hostName ? `Appliance \`${hostName}\`` : `Appliance ${index + 1}`;
      if (doc.has(['appliances', index, 'cloudConnect'])) {
        const node = doc.node(['appliances', index, 'cloudConnect']);
        if (!isScalar(node) || typeof node.value !== 'string' || hasEnvReference(node.value) || node.value.trim() !== 'disabled') return;
        const span = doc.span(node);
        report({
          span,
          message: `${which} has Cloud Connect disabled, so it cannot reach the Imprivata Cloud Platform configured in \`cloudPlatform\`. Start the Imprivata Cloud Connect service (Appliance Console: System > Operations) and set \`cloudConnect: running\`.`,
          related,
          fixes: [{ title: 'Set `cloudConnect: running`', edits: [{ span, newText: 'running' }], preferred: true }],
        });
        return;
      }
      if (fallback !== 'disabled') return;
      const hostNode = doc.node(['appliances', index, 'host']);
      const firstKey = map.items[0]?.key as Node | undefined;
      const span =
        hostNode && isScalar(hostNode) && hostNode.value !== null ? doc.span(hostNode) : firstKey ? doc.span(firstKey) : doc.span(map);
      report({
        span,
        message: `${which} does not state \`cloudConnect\`, so it is taken as \`disabled\`, the state the Imprivata Cloud Connect service ships in: the appliance cannot reach the Imprivata Cloud Platform configured in \`cloudPlatform\`. Start the service (Appliance Console: System > Operations) and add \`cloudConnect: running\`.`,
        related,
        fixes: insertRunning(doc, map.flow === true, index),
      });
    });
  },
});

function insertRunning(doc: ConfigDocument, flow: boolean, index: number): FixSpec[] | undefined {
  const map = doc.map(['appliances', index]);
  const first = map?.items[0];
  const last = map?.items[map.items.length - 1];
  if (!map || !first || !last) return undefined;
  const lastEnd = doc.span((last.value ?? last.key) as Node).end;
  if (flow) {
    return [
      {
        title: 'Add `cloudConnect: running`',
        edits: [{ span: { start: lastEnd, end: lastEnd }, newText: ', cloudConnect: running' }],
        preferred: true,
      },
    ];
  }
  const indent = ' '.repeat(column(doc, doc.span(first.key as Node).start));
  return [
    {
      title: 'Add `cloudConnect: running`',
      edits: [insertLinesAtLineEnd(doc, lastEnd, [`${indent}cloudConnect: running`])],
      preferred: true,
    },
  ];
}
