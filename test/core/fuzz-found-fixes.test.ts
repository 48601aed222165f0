/**
 * Fixes that `npm run fuzz` once found breaking the YAML (issue 12, "every fix applied yields YAML that parses"),
 * each as the smallest document the fuzzer shrank it to: the fuzz properties hold, and the fix does what it should
 * instead of what broke.
 */
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../server/src/core/analyze';
import { ConfigDocument } from '../../server/src/core/document';
import type { Finding } from '../../server/src/core/types';
import { applyEdits, checkDocument, lineTable } from '../fuzz/properties';

function fixesOf(text: string, ruleId: string): NonNullable<Finding['fixes']> {
  return analyzeText(text).findings.flatMap((f) => (f.ruleId === ruleId ? (f.fixes ?? []) : []));
}

function holdsFuzzProperties(text: string): void {
  const { violations } = checkDocument({ family: 'fuzz counterexample', text, secrets: [] }, { timeBound: false });
  assert.deepEqual(
    violations.map((v) => v.detail),
    [],
  );
}

function applied(text: string, fix: NonNullable<Finding['fixes']>[number]): string {
  const fixed = applyEdits(text, lineTable(text), fix.edits);
  assert.ok(fixed !== undefined, 'edits do not overlap');
  return fixed;
}

describe('fixes the fuzzer found breaking the YAML', () => {
  it('IMP-HOST-001: nothing is appended after a plain value written below a full-line comment (the yaml library would read one multi-line key)', () => {
    const text = 'version: 1\ncloudPlatform:\n#c\n  ad';
    holdsFuzzProperties(text);
    assert.equal(fixesOf(text, 'IMP-HOST-001').length, 0);
    // The same file with the comment after the value, or the value on the key's line: the `firewall:` block is added.
    for (const safe of ['version: 1\ncloudPlatform:\n  ad\n#c\n', 'version: 1\ncloudPlatform: ad\n#c\n']) {
      const fixes = fixesOf(safe, 'IMP-HOST-001');
      assert.ok(fixes.length > 0, safe);
      const fixed = applied(safe, fixes[0]);
      assert.match(fixed, /\nfirewall:\n {2}allowlist:\n {4}- /);
      assert.deepEqual(new ConfigDocument(fixed).syntaxProblems, []);
    }
  });

  it('IMP-HOST-001 in a list: no item appended after a plain item written below a full-line comment', () => {
    const text = 'version: 1\ncloudPlatform: {}\nfirewall:\n  allowlist:\n  - \n#c\n    ad\n';
    holdsFuzzProperties(text);
    // Appended there, `- host` would silently become part of the string `ad - host`, not an item: no fix.
    assert.equal(fixesOf(text, 'IMP-HOST-001').length, 0);
    const safe = 'version: 1\ncloudPlatform: {}\nfirewall:\n  allowlist:\n  - ad\n#c\n';
    const fixed = applied(safe, fixesOf(safe, 'IMP-HOST-001')[0]);
    assert.deepEqual(new ConfigDocument(fixed).syntaxProblems, []);
    assert.equal(new ConfigDocument(fixed).seq(['firewall', 'allowlist'])?.items.length, 2);
  });

  it('IMP-IDP-005 "Switch to metadataUrl": an empty quoted value when a blank line below starts with a tab', () => {
    const text = 'identityProvider:\n  type: saml\n  metadataFile: x.xml\n\t\n  entityId: x\n';
    holdsFuzzProperties(text);
    const [fix] = fixesOf(text, 'IMP-IDP-005');
    assert.equal(applied(text, fix), 'identityProvider:\n  type: saml\n  metadataUrl: ""\n\t\n  entityId: x\n');
    // Without the tab, the value stays empty, for the URL to be pasted after the space.
    const plain = 'identityProvider:\n  type: saml\n  metadataFile: x.xml\n\n  entityId: x\n';
    assert.equal(applied(plain, fixesOf(plain, 'IMP-IDP-005')[0]), 'identityProvider:\n  type: saml\n  metadataUrl: \n\n  entityId: x\n');
  });

  it('IMP-DOC-005: no "delete" fix when the character is all that keeps a key apart from another key of its mapping', () => {
    for (const key of ['\u200bname', '\ufeffname', 'name\u200b', '"name\u200b"', "'\u200bname'"]) {
      const text = `version: 1\nenterprise:\n  name: a\n  ${key}: b\n`;
      holdsFuzzProperties(text);
      assert.equal(fixesOf(text, 'IMP-DOC-005').length, 0, JSON.stringify(key));
    }
    // Where it keeps nothing apart, the character is deleted.
    const text = 'version: 1\nenterprise:\n  name: a\n  x\u200bname: b\n';
    const [fix] = fixesOf(text, 'IMP-DOC-005');
    assert.equal(fix.title, 'Delete U+200B ZERO WIDTH SPACE');
    assert.equal(applied(text, fix), 'version: 1\nenterprise:\n  name: a\n  xname: b\n');
  });

  it('IMP-DOC-005: a no-break space first in a value is deleted, and the fix says "Delete", not "Replace"', () => {
    const text = 'version: 1\nenterprise:\n  name: \u00a0Example\n';
    const [fix] = fixesOf(text, 'IMP-DOC-005');
    assert.equal(fix.title, 'Delete U+00A0 NO-BREAK SPACE');
    assert.equal(applied(text, fix), 'version: 1\nenterprise:\n  name: Example\n');
    const inside = 'version: 1\nenterprise:\n  name: Example\u00a0Health\n';
    const [replace] = fixesOf(inside, 'IMP-DOC-005');
    assert.equal(replace.title, 'Replace U+00A0 NO-BREAK SPACE with a space');
    assert.equal(applied(inside, replace), 'version: 1\nenterprise:\n  name: Example Health\n');
  });

  it('IMP-DOC-004: no "Insert `version: 1`" when a `version:` line is there but read inside something else', () => {
    // An explicit key (`? ...`) whose value swallows the next line: inserted above it, `version` would be there twice.
    const text = '\ufeff? "# imprivata-disable all"<<: *a\nversion: 1';
    holdsFuzzProperties(text);
    assert.equal(fixesOf(text, 'IMP-DOC-004').length, 0);
    assert.equal(fixesOf('\ufeffenterprise:\n  region: us\n', 'IMP-DOC-004')[0].title, 'Insert `version: 1`');
  });

  it('IMP-DOC-005: no deletion that would turn a line of a multi-line plain value into a comment', () => {
    const line = '\u200b# A document that is not a mapping is described by its kind.';
    const text = `${line}\r${line}\rjust some text that is not a configuration`;
    holdsFuzzProperties(text);
    // The first character starts the value (its line would become a comment): neither is deleted.
    assert.equal(fixesOf(text, 'IMP-DOC-005').length, 0);
  });
});
