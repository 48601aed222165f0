import { strict as assert } from 'node:assert';
import { cursorAt, nodeAt } from '../../../server/src/core/intelligence/cursor';
import type { CursorKind } from '../../../server/src/core/intelligence/cursor';
import type { Path } from '../../../server/src/core/document';
import { atCursor } from './harness';

interface CursorCase {
  text: string;
  kind: CursorKind;
  path?: Path;
  container?: Path;
  containerKind?: 'map' | 'list';
  typed?: string;
  siblings?: string[];
}

const CASES: CursorCase[] = [
  { text: '|', kind: 'empty', path: [], containerKind: 'map' },
  { text: 'cloudPlatform:\n  cli|', kind: 'key', path: ['cloudPlatform', 'cli'], typed: 'cli' },
  { text: 'smtp:\n  mode: |', kind: 'value', path: ['smtp', 'mode'], typed: '' },
  { text: 'smtp:\n  mode: oa|', kind: 'value', path: ['smtp', 'mode'], typed: 'oa' },
  {
    text: 'firewall:\n  allowlist:\n    - a\n    - |',
    kind: 'item',
    path: ['firewall', 'allowlist', 1],
    container: ['firewall', 'allowlist'],
  },
  { text: 'firewall:\n  allowlist:\n    - a\n    -|', kind: 'item', path: ['firewall', 'allowlist', 1] },
  { text: 'firewall:\n  allowlist:\n    - a\n    |', kind: 'empty', path: ['firewall', 'allowlist'], containerKind: 'list' },
  { text: 'firewall:\n  allowlist:\n  - a\n  - b\n  |', kind: 'empty', path: ['firewall', 'allowlist'], containerKind: 'list' },
  { text: 'firewall:\n  allowlist:\n    - a\n  |', kind: 'empty', path: ['firewall'], containerKind: 'map', siblings: ['allowlist'] },
  { text: 'firewall:\n  allowlist:\n    - host: a\n      po|', kind: 'key', path: ['firewall', 'allowlist', 0, 'po'], siblings: ['host'] },
  { text: 'firewall:\n  allowlist:\n    - host: a\n      port: |', kind: 'value', path: ['firewall', 'allowlist', 0, 'port'] },
  {
    text: 'firewall:\n  allowlist:\n    - a\n    # comment\n\n    - b\n    - host: |',
    kind: 'value',
    path: ['firewall', 'allowlist', 2, 'host'],
  },
  { text: 'appliances:\n  - host: a\n    site: b\n  - host: c\n    |', kind: 'empty', path: ['appliances', 1], siblings: ['host'] },
  { text: 'a:\n  - - x\n    - |', kind: 'item', path: ['a', 0, 1] },
  { text: 'enterprise:\n  name: x\n\n  |\nsmtp:\n  mode: basic\n', kind: 'empty', path: ['enterprise'], siblings: ['name'] },
  { text: 'enterprise:\n  name: x\n|\nsmtp:\n  mode: basic\n', kind: 'empty', path: [], siblings: ['enterprise', 'smtp'] },
  { text: '"quoted key":\n  |', kind: 'empty', path: ['quoted key'] },
  { text: 'smtp: # mail |', kind: 'comment' },
  { text: 'enterprise:\n  name: >\n    folded |', kind: 'text' },
  { text: 'firewall:\n  allowlist: [a, |]', kind: 'text' },
  { text: 'enterprise:\n  name: Example\n    Health|', kind: 'text' },
  { text: 'x: &a\n  mode: basic\nsmtp:\n  <<: *a\n  |', kind: 'empty', path: ['smtp'], siblings: ['<<', 'mode'] },
];

describe('the cursor in a document (also incomplete YAML)', () => {
  for (const c of CASES) {
    it(`${JSON.stringify(c.text)}: ${c.kind} ${c.path ? JSON.stringify(c.path) : ''}`, () => {
      const { doc, offset } = atCursor(c.text);
      const cursor = cursorAt(doc, offset);
      assert.equal(cursor.kind, c.kind);
      if (c.path) assert.deepEqual(cursor.path, c.path);
      if (c.container) assert.deepEqual(cursor.container, c.container);
      if (c.containerKind) assert.equal(cursor.containerKind, c.containerKind);
      if (c.typed !== undefined) assert.equal(cursor.typed, c.typed);
      if (c.siblings) assert.deepEqual([...cursor.siblings].sort(), [...c.siblings].sort());
    });
  }

  it('gives the parsed node and the enclosing mapping when the tree has them', () => {
    const { doc, offset } = atCursor('smtp:\n  mode: basic\n  port: 5|87\n');
    const cursor = cursorAt(doc, offset);
    assert.equal((cursor.node as { value?: unknown }).value, 587);
    assert.ok(cursor.enclosingMap);
  });

  for (const [name, eol] of [
    ['CRLF', '\r\n'],
    ['lone CR', '\r'],
  ]) {
    it(`${name} line ends read the same`, () => {
      const { doc, offset } = atCursor(`smtp:${eol}  mode: basic${eol}  |${eol}`);
      const cursor = cursorAt(doc, offset);
      assert.equal(cursor.kind, 'empty');
      assert.deepEqual(cursor.path, ['smtp']);
      assert.deepEqual([...cursor.siblings], ['mode']);
    });
  }

  it('a CRLF value: the replaced span stops before the line break', () => {
    const { doc, offset } = atCursor('smtp:\r\n  mode: ba|\r\n');
    const cursor = cursorAt(doc, offset);
    assert.equal(cursor.kind, 'value');
    assert.equal(doc.text.slice(cursor.word.start, cursor.word.end), 'ba');
  });
});

describe('the parsed node at an offset', () => {
  it('keys, values and list items, with their path', () => {
    const text = 'firewall:\n  allowlist:\n    - astra.sys.imprivata.com\n    - host: ocsp.digicert.com\n      port: 80\n';
    const { doc } = atCursor(`${text}|`);
    const at = (needle: string, delta = 1) => nodeAt(doc, text.indexOf(needle) + delta);
    assert.deepEqual(at('allowlist')?.path, ['firewall', 'allowlist']);
    assert.equal(at('allowlist')?.on, 'key');
    assert.deepEqual(at('astra')?.path, ['firewall', 'allowlist', 0]);
    assert.deepEqual(at('ocsp')?.path, ['firewall', 'allowlist', 1, 'host']);
    assert.equal(at('ocsp')?.on, 'value');
    assert.deepEqual(at('port')?.path, ['firewall', 'allowlist', 1, 'port']);
    assert.equal(nodeAt(doc, text.length), undefined);
  });
});
