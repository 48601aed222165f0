import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigDocument } from '../../../server/src/core/document';
import { hover } from '../../../server/src/core/intelligence/hover';
import { ROOT } from '../../support/fixtures';
import { HOVER_CASES } from './cases';
import { atCursor } from './harness';

describe('hover (pure, | marks the cursor)', () => {
  for (const c of HOVER_CASES) {
    it(c.name, () => {
      const { doc, offset, text } = atCursor(c.text);
      const result = hover(doc, offset);
      assert.ok(result, 'a hover');
      for (const part of c.contains) assert.ok(result.contents.includes(part), `"${part}" missing from:\n${result.contents}`);
      for (const part of c.lacks ?? []) assert.ok(!result.contents.includes(part), `"${part}" present in:\n${result.contents}`);
      if (c.over) assert.equal(text.slice(result.span.start, result.span.end), c.over);
      assert.ok(result.span.start <= offset && offset <= result.span.end);
    });
  }

  it('every key and value of the example has a hover, and no secret value appears in any', () => {
    const file = path.join(ROOT, 'examples/imprivata-enterprise.yaml');
    const doc = new ConfigDocument(readFileSync(file, 'utf8'), file);
    const missing: string[] = [];
    doc.text.split('\n').forEach((line, index) => {
      const match = /^(\s*(?:- )?)([A-Za-z][\w]*):/.exec(line);
      if (!match) return;
      const offset = doc.lines.lineStarts[index] + match[1].length + 1;
      const result = hover(doc, offset);
      if (!result) missing.push(`${index + 1}: ${line.trim()}`);
      else assert.doesNotMatch(result.contents, /IMPRIVATA_SMTP_CLIENT_SECRET\}\s*#|hunter/);
    });
    assert.deepEqual(missing, []);
  });

  it('nothing between nodes, in a comment, or in an empty file', () => {
    for (const marked of ['|', '# a comment |here\nversion: 1\n', 'version: 1\n\n|\nsmtp:\n  mode: basic\n']) {
      const { doc, offset } = atCursor(marked);
      assert.equal(hover(doc, offset), undefined, marked);
    }
  });

  it('an ${env:} group list is not judged', () => {
    const { doc, offset } = atCursor('identityProvider:\n  type: entra-id\n  adminGroups:\n    attributeValue: ${env:ADMIN_GRO|UPS}\n');
    const result = hover(doc, offset);
    assert.ok(result);
    assert.doesNotMatch(result.contents, /Admin group \d+ of|A valid object ID|Not an object ID/);
  });
});
