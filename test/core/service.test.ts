/**
 * The language service as its callers use it: validation equals the analysis, the incremental update makes new
 * snapshots, code actions group a fix shared by several findings, fix-all reaches a fixed point and returns edits
 * that rebuild its text, and the editor features are those of core/intelligence.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { createEditorLanguageService } from '../../server/src/core/editor-features';
import {
  complete,
  documentLinks,
  documentSymbols,
  foldingRanges,
  hover,
  prepareRename,
  rename,
  selectionRanges,
} from '../../server/src/core/intelligence';
import { createLanguageService } from '../../server/src/core/service';
import { nodeFileReader } from '../../server/src/node/files';
import { ROOT } from '../support/fixtures';

const EXAMPLE = path.join(ROOT, 'examples/imprivata-enterprise.yaml');
const HOSTS = path.join(ROOT, 'examples/broken/imprivata-enterprise-hosts.yaml');
const service = createEditorLanguageService({ files: nodeFileReader });

function applySpanEdits(text: string, edits: readonly { span: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start))
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

describe('language service (core/service.ts)', () => {
  it('validate is the analysis of the snapshot, with the given settings', () => {
    const doc = service.parse(readFileSync(HOSTS, 'utf8'), HOSTS);
    assert.deepEqual(service.validate(doc), analyze(doc, { files: nodeFileReader }));
    const off = service.validate(doc, { settings: { rules: { 'IMP-HOST-001': 'off' } } });
    assert.ok(off.length > 0 && off.every((f) => f.ruleId !== 'IMP-HOST-001'));
  });

  it('update: one keystroke in a value is a new snapshot made incrementally; the previous one is unchanged', () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const previous = service.parse(text, EXAMPLE);
    const at = text.indexOf('Example Health') + 'Example'.length;
    const next = service.update(previous, text.slice(0, at) + 's' + text.slice(at), [{ start: at, end: at, text: 's' }], EXAMPLE);
    assert.ok(next.incremental);
    assert.notEqual(next, previous);
    assert.equal(previous.string(['enterprise', 'name']), 'Example Health');
    assert.equal(next.string(['enterprise', 'name']), 'Examples Health');
    // No edits and the same text: the same snapshot. A structural edit: a full parse.
    assert.equal(service.update(next, next.text, [], EXAMPLE), next);
    const structural = service.update(next, `${next.text}\nextra: 1\n`, undefined, EXAMPLE);
    assert.equal(structural.incremental, false);
  });

  it('codeActions: a fix shared by several findings is offered once, naming all of them', () => {
    const text = readFileSync(EXAMPLE, 'utf8')
      .split('\n')
      .filter((line) => !/^\s+- (astra\.sys|access|metadata\.app)\.imprivata\.com$/.test(line))
      .join('\n');
    const findings = service.validate(service.parse(text, EXAMPLE)).filter((f) => f.ruleId === 'IMP-HOST-001');
    assert.equal(findings.length, 3);
    const fixes = service.codeActions(findings);
    const all = fixes.filter((q) => q.fix.title === 'Add all 3 missing Imprivata Cloud Platform hosts');
    assert.equal(all.length, 1);
    assert.equal(all[0].findings.length, 3);
    assert.equal(fixes.filter((q) => q.fix.title.startsWith('Add `')).length, 3);
    assert.ok(fixes.every((q) => q.fix.safety === 'safe'));
  });

  it('fixAll: safe fixes to a fixed point; its edits on the snapshot give its text; unsafe fixes are left', () => {
    const text = readFileSync(HOSTS, 'utf8');
    const doc = service.parse(text, HOSTS);
    const outcome = service.fixAll(doc);
    assert.ok(outcome.applied.length > 0 && !outcome.bounded);
    assert.equal(applySpanEdits(text, outcome.edits), outcome.text);
    for (let i = 1; i < outcome.edits.length; i++) assert.ok(outcome.edits[i - 1].span.end < outcome.edits[i].span.start, 'edits apart');
    const left = service.validate(service.parse(outcome.text, HOSTS));
    assert.deepEqual(
      left.flatMap((f) => f.fixes ?? []).filter((f) => f.safety === 'safe'),
      [],
      'no safe fix left',
    );
    assert.ok(
      left.some((f) => f.fixes?.some((x) => x.safety === 'unsafe')),
      'the "did you mean" fixes stay for a person',
    );
    assert.deepEqual(service.fixAll(service.parse(outcome.text, HOSTS)).applied, [], 'a second run changes nothing');
  });

  it('the editor features are those of core/intelligence', () => {
    const doc = service.parse(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    const offset = doc.text.indexOf('region:') + 2;
    assert.deepEqual(service.complete(doc, offset), complete(doc, offset));
    assert.deepEqual(service.hover(doc, offset), hover(doc, offset));
    assert.deepEqual(service.symbols(doc), documentSymbols(doc));
    assert.deepEqual(service.folding(doc), foldingRanges(doc));
    assert.deepEqual(service.links(doc), documentLinks(doc));
    assert.deepEqual(service.selectionRanges(doc, [offset]), selectionRanges(doc, [offset]));
    assert.ok(service.hover(doc, offset), 'a hover on a key');
    assert.ok((service.links(doc) ?? []).length > 0, 'the logo link');
    // Without a table, the slots answer nothing.
    assert.equal(createLanguageService().complete(doc, offset), undefined);
  });

  it('the editor service renames the tenant ID as core/intelligence does, and refuses elsewhere', () => {
    const doc = service.parse(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    const tenant = doc.text.indexOf('tenantId:') + 'tenantId: '.length + 1;
    const prepared = service.prepareRename(doc, tenant);
    assert.deepEqual(prepared, prepareRename(doc, tenant));
    assert.ok(!('refused' in prepared) && prepared.changes.length >= 2, 'the tenant ID and its host');
    const edits = service.rename(doc, tenant, 'acme');
    assert.deepEqual(edits, rename(doc, tenant, 'acme'));
    assert.ok(Array.isArray(edits) && edits.length >= 2);
    assert.ok('refused' in service.prepareRename(doc, doc.text.indexOf('version')), 'nothing to rename on `version`');
  });
});
