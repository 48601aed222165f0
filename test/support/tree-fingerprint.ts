import { isScalar, visit } from 'yaml';
import type { Scalar } from 'yaml';
import type { ConfigDocument } from '../../server/src/core/document';

/**
 * Every node's range (read through the snapshot, as the core reads it) and every scalar's value and source, in
 * document order, and each anchor's position: what a reader of the tree sees. Equal for an incremental snapshot
 * and a full parse of the same text.
 */
export function treeFingerprint(doc: ConfigDocument): string {
  const seen: string[] = [];
  if (doc.yaml) {
    visit(doc.yaml, (_key, node) => {
      const range = doc.nodeRange(node);
      const scalar = isScalar(node) ? ` ${JSON.stringify((node as Scalar).value)} ${JSON.stringify((node as Scalar).source)}` : '';
      seen.push(`${range ? range.join(',') : '-'}${scalar}`);
    });
  }
  for (const [name, list] of doc.anchors) seen.push(`&${name} ${list.map((a) => doc.nodeRange(a.node)?.[0]).join(',')}`);
  return seen.join('\n');
}
