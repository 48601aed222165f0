/**
 * Message snapshots (as biome's `.snap`): beside each `test/fixtures/rules/<ID>.invalid*.yaml`, a `.snap` pins every
 * finding's range, severity and rule, its message word for word, and its fixes' titles and kinds. The caret lines in
 * the fixtures pin where; these pin what people read. `UPDATE_SNAPSHOTS=1` writes them (review the diff).
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createLanguageService } from '../../server/src/core/service';
import type { Finding } from '../../server/src/core/types';
import { nodeFileReader } from '../../server/src/node/files';
import { ROOT, workspaceFilesFor } from '../support/fixtures';

const RULE_FIXTURES = path.join(ROOT, 'test/fixtures/rules');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const service = createLanguageService({ files: nodeFileReader });

function render(name: string, findings: readonly Finding[]): string {
  const lines = [`# ${name}: ${findings.length} finding${findings.length === 1 ? '' : 's'} (regenerate with UPDATE_SNAPSHOTS=1)`, ''];
  for (const f of findings) {
    const { start, end } = f.range;
    lines.push(`${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${f.severity} ${f.ruleId}`);
    // Absolute paths (the logo rules say where they looked) depend on the checkout: written relative to the root.
    lines.push(`  ${f.message.split(ROOT + path.sep).join('<root>/')}`);
    for (const fix of f.fixes ?? []) lines.push(`  fix (${fix.safety}${fix.preferred ? ', preferred' : ''}): ${fix.title}`);
    lines.push('');
  }
  return lines.join('\n');
}

describe('message snapshots beside the invalid rule fixtures (.snap)', () => {
  const names = readdirSync(RULE_FIXTURES)
    .filter((f) => /^IMP-[A-Z]+-\d{3}\.invalid(-[a-z0-9-]+)?\.yaml$/.test(f))
    .sort();

  it('covers every invalid fixture, and no snapshot is left without its fixture', () => {
    assert.ok(names.length > 100, `only ${names.length} invalid fixtures`);
    const orphans = readdirSync(RULE_FIXTURES)
      .filter((f) => f.endsWith('.snap'))
      .filter((snap) => !names.includes(snap.replace(/\.snap$/, '.yaml')));
    assert.deepEqual(orphans, []);
  });

  for (const name of names) {
    it(name, () => {
      const file = path.join(RULE_FIXTURES, name);
      const workspace = workspaceFilesFor(file).map((other) => service.summarize(service.parse(readFileSync(other, 'utf8'), other)));
      const findings = service.validate(service.parse(readFileSync(file, 'utf8'), file), { workspace });
      const snapshot = render(name, findings);
      const snapFile = file.replace(/\.yaml$/, '.snap');
      if (UPDATE) writeFileSync(snapFile, snapshot);
      assert.ok(existsSync(snapFile), `${path.basename(snapFile)} is missing (UPDATE_SNAPSHOTS=1 writes it)`);
      assert.equal(snapshot, readFileSync(snapFile, 'utf8'));
    });
  }
});
