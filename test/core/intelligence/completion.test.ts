import { strict as assert } from 'node:assert';
import { analyzeText } from '../../../server/src/core/analyze';
import { complete } from '../../../server/src/core/intelligence/completion';
import { COMPLETION_CASES } from './cases';
import { accept, atCursor, itemLabelled, labels, sorted } from './harness';

describe('completion (pure, | marks the cursor)', () => {
  for (const c of COMPLETION_CASES) {
    it(c.name, () => {
      const { doc, offset, text } = atCursor(c.text);
      const items = sorted(complete(doc, offset).items);
      const offered = labels(items);
      if (c.none) assert.deepEqual(offered, []);
      for (const label of c.includes ?? []) assert.ok(offered.includes(label), `${label} missing from: ${offered.join(', ')}`);
      for (const label of c.excludes ?? []) assert.ok(!offered.includes(label), `${label} offered: ${offered.join(', ')}`);
      if (c.first) assert.deepEqual(offered.slice(0, c.first.length), c.first);
      if (c.accept) assert.equal(accept(text, itemLabelled(items, c.accept.label)), c.accept.result);
      for (const item of items) {
        // The replaced span is on the cursor's line and holds the cursor (LSP requires both).
        assert.ok(item.replace.start <= offset && offset <= item.replace.end, `${item.label}: the replaced span must hold the cursor`);
        assert.ok(!text.slice(item.replace.start, item.replace.end).includes('\n'), `${item.label}: the replaced span is one line`);
      }
    });
  }

  it('keys carry their documentation: description, default and the rules that check them', () => {
    const { doc, offset } = atCursor('smtp:\n  mode: basic\n  |\n');
    const useTls = itemLabelled(complete(doc, offset).items, 'useTls');
    assert.match(useTls.detail ?? '', /true or false · default true/);
    assert.match(useTls.documentation ?? '', /Default: `true`/);
    assert.match(useTls.documentation ?? '', /IMP-SMTP-003/);
  });

  it('the preselected value is the default', () => {
    const { doc, offset } = atCursor('enterprise:\n  environment: |\n');
    const items = complete(doc, offset).items;
    assert.deepEqual(
      items.filter((i) => i.preselect).map((i) => i.label),
      ['production'],
    );
  });

  it('a value being typed is replaced whole', () => {
    const { doc, offset, text } = atCursor('enterprise:\n  environment: te|st # the test tenant\n');
    const result = accept(text, itemLabelled(complete(doc, offset).items, 'production'));
    assert.equal(result, 'enterprise:\n  environment: production # the test tenant\n');
  });

  it('a key typed before its colon is replaced by the name only', () => {
    const { doc, offset, text } = atCursor('enterprise:\n  envi|ronment: test\n');
    assert.equal(accept(text, itemLabelled(complete(doc, offset).items, 'region')), 'enterprise:\n  region: test\n');
  });

  it('from an empty file, accepting completions alone builds a file with no unknown key or wrong type', () => {
    // The skeleton, then a section snippet and a host, each accepted where the cursor would be.
    let text = '';
    const step = (marked: string, label: string): void => {
      const { doc, offset, text: plain } = atCursor(marked);
      text = accept(plain, itemLabelled(complete(doc, offset).items, label));
    };
    step('|', 'Imprivata enterprise skeleton');
    step(`${text}\n|`, 'Identity provider: Microsoft Entra ID');
    step(`${text}\n|`, 'SMTP over OAuth2 (Exchange Online)');
    const findings = analyzeText(text).findings.filter((f) => ['IMP-DOC-001', 'IMP-DOC-002', 'IMP-DOC-003'].includes(f.ruleId));
    assert.deepEqual(findings, []);
    assert.match(text, /identityProvider:\n {2}type: entra-id/);
  });

  it('the region applies to the section snippets', () => {
    const { doc, offset, text } = atCursor('enterprise:\n  region: eu\n|\n');
    const result = accept(text, itemLabelled(complete(doc, offset).items, 'Identity provider: Microsoft Entra ID'));
    assert.match(result, /signOnUrl: https:\/\/access\.imprivata\.eu\n/);
    assert.equal(analyzeText(result).findings.filter((f) => f.ruleId === 'IMP-IDP-007' || f.ruleId === 'IMP-HOST-004').length, 0);
  });

  it('a 1 MB allowlist: the missing hosts, listed ones left out', () => {
    const hosts = Array.from({ length: 30000 }, (_, i) => `    - host${i}.example.org`).join('\n');
    const { doc, offset } = atCursor(`firewall:\n  allowlist:\n    - access.imprivata.com\n${hosts}\n    - |\n`);
    assert.ok(doc.text.length > 800_000);
    const offered = labels(sorted(complete(doc, offset).items));
    assert.deepEqual(offered.slice(0, 4), [
      'astra.sys.imprivata.com',
      'metadata.app.imprivata.com',
      'file-access.app.imprivata.com',
      'idp.app.imprivata.com',
    ]);
    assert.ok(!offered.includes('access.imprivata.com'));
  });
});
