import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LIMITS, effectiveLimits, isOversized, sizeAbove } from '../../server/src/core/limits';
import { createLanguageService } from '../../server/src/core/service';
import { ROOT } from '../support/fixtures';

const service = createLanguageService();
const EXAMPLE = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
/** Broken in three ways (no version, an unknown key, a syntax error): any rule that ran would say so. */
const BROKEN = 'enterprise:\n  nmae: Example\n  region: [us\n';

describe('size limits (IMP-DOC-006, server/src/core/limits.ts)', () => {
  it('defaults that never trigger on a real configuration: 8 MiB and 65,536 characters per line', () => {
    assert.deepEqual(DEFAULT_LIMITS, { maxFileSize: 8 * 1024 * 1024, maxLineLength: 65536 });
    assert.deepEqual(effectiveLimits({ maxFileSize: 0, maxLineLength: 1.5 }), DEFAULT_LIMITS, 'nonsense values leave the defaults');
    assert.deepEqual(effectiveLimits({ maxLineLength: 80 }), { maxFileSize: DEFAULT_LIMITS.maxFileSize, maxLineLength: 80 });
    assert.deepEqual(
      service.validate(service.parse(EXAMPLE)).filter((f) => f.ruleId === 'IMP-DOC-006'),
      [],
    );
  });

  it('counts the size in UTF-8 bytes', () => {
    assert.equal(sizeAbove('a'.repeat(10), 10), undefined);
    assert.equal(sizeAbove('a'.repeat(11), 10), 11);
    assert.equal(sizeAbove('é'.repeat(6), 12), undefined, 'two bytes each: 12');
    assert.equal(sizeAbove('é'.repeat(6), 11), 12);
    assert.equal(sizeAbove('€😀', 6), 7, 'three bytes, then four for a surrogate pair');
  });

  it('past the size limit: not parsed, exactly one finding on the first character, no rule runs', () => {
    const text = `   ${BROKEN}`;
    const limits = { maxFileSize: 20 };
    const doc = service.parse(text, undefined, limits);
    assert.ok(isOversized(doc));
    assert.equal(doc.root, undefined, 'not parsed');
    assert.equal(doc.text, text, 'the snapshot keeps the real text');
    const findings = service.validate(doc, { settings: { limits } });
    assert.equal(findings.length, 1, JSON.stringify(findings));
    const [finding] = findings;
    assert.equal(finding.ruleId, 'IMP-DOC-006');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } });
    assert.match(finding.message, /^This file was not checked: it is 45 bytes, over the limit of 20 bytes for one configuration file/);
    assert.match(finding.message, /`imprivata\.limits\.maxFileSize` \(editor\), `--max-file-size`/);
    assert.deepEqual(service.fixAll(doc, { settings: { limits } }).edits, [], 'fix-all changes nothing');
    const steps = service.validateStepwise(doc, { settings: { limits } });
    let step = steps.next();
    while (!step.done) step = steps.next();
    assert.deepEqual(step.value, findings, 'the stepwise analysis says the same');
  });

  it('a line past the line-length limit: the whole file is skipped, one finding on that line', () => {
    const text = `version: 1\nfirewall:\n  allowlist:\n    - ${'a'.repeat(100)}.example.org\n${BROKEN}`;
    const limits = { maxLineLength: 100 };
    const findings = service.validate(service.parse(text, undefined, limits), { settings: { limits } });
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.range]),
      [['IMP-DOC-006', { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } }]],
    );
    assert.match(
      findings[0].message,
      /^This file was not checked: line 4 is 118 characters long, over the limit of 100 characters per line/,
    );
    assert.match(findings[0].message, /`imprivata\.limits\.maxLineLength`/);
    const within = service.validate(service.parse(text), { settings: { limits: { maxLineLength: 118 } } });
    assert.ok(!within.some((f) => f.ruleId === 'IMP-DOC-006') && within.length > 0, 'at 118 the rules run');
  });

  it('a line ending in CRLF is measured without its line break', () => {
    const text = `version: 1\r\nenterprise:\r\n  name: ${'x'.repeat(12)}\r\n`;
    const ids = (max: number) =>
      service.validate(service.parse(text), { settings: { limits: { maxLineLength: max } } }).map((f) => f.ruleId);
    assert.ok(!ids(20).includes('IMP-DOC-006'), '20 characters fit in 20');
    assert.deepEqual(ids(19), ['IMP-DOC-006']);
  });

  it('a severity override applies, but `off` never hides it', () => {
    const doc = service.parse(BROKEN, undefined, { maxFileSize: 10 });
    const severity = (rule: 'off' | 'warning') =>
      service.validate(doc, { settings: { limits: { maxFileSize: 10 }, rules: { 'IMP-DOC-006': rule } } }).map((f) => f.severity);
    assert.deepEqual(severity('warning'), ['warning']);
    assert.deepEqual(severity('off'), ['error']);
  });

  it('an update across the limit parses in full again, and never starts from an unparsed snapshot', () => {
    const limits = { maxFileSize: EXAMPLE.length };
    const parsed = service.parse(EXAMPLE, undefined, limits);
    assert.ok(!isOversized(parsed) && parsed.root);
    // Typing one character more: past the limit.
    const at = EXAMPLE.indexOf('Example Health') + 7;
    const longer = EXAMPLE.slice(0, at) + 'x' + EXAMPLE.slice(at);
    const over = service.update(parsed, longer, [{ start: at, end: at, text: 'x' }], undefined, limits);
    assert.ok(isOversized(over));
    // Deleting it again: within, parsed in full (not patched from the empty tree).
    const back = service.update(over, EXAMPLE, [{ start: at, end: at + 1, text: '' }], undefined, limits);
    assert.ok(!isOversized(back) && back.root && !back.incremental);
    assert.deepEqual(service.validate(back, { settings: { limits } }), service.validate(service.parse(EXAMPLE)));
    // The same text under a raised limit (a settings change): parsed.
    const raised = service.update(over, longer, [], undefined, { maxFileSize: EXAMPLE.length + 1 });
    assert.ok(!isOversized(raised) && raised.root);
  });
});
