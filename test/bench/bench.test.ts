/**
 * The benchmark cannot rot: its documents and edits are what they claim, and `bench.js --quick` runs end to end
 * against both real servers and writes its report. No timing is asserted (timings are the script's output, not a test).
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLanguageService } from '../../server/src/core/service';
import { ROOT } from '../support/fixtures';
import { parseBenchOptions } from './bench';
import { allowlistDocument, exampleDocument, percentiles, rosterDocument } from './measure';
import type { BenchDocument, TextEdit } from './measure';

const EXAMPLE = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');

function offsetAt(text: string, position: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    assert.notEqual(next, -1, `line ${position.line} is past the end`);
    offset = next + 1;
  }
  return offset + position.character;
}

function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, offsetAt(text, edit.range.start)) + edit.text + text.slice(offsetAt(text, edit.range.end));
}

describe('npm run bench', () => {
  const documents: BenchDocument[] = [exampleDocument(EXAMPLE), allowlistDocument(EXAMPLE, 20000), rosterDocument(EXAMPLE, 9000)];

  it('edits each document with every edit class, each undone by its pair', () => {
    for (const document of documents) {
      assert.deepEqual(
        document.edits.map((e) => e.name),
        ['leaf', 'global fact', 'list-item line', 'paste 50 lines'],
        document.name,
      );
      for (const editClass of document.edits) {
        for (const pair of editClass.pairs) {
          const applied = applyEdit(document.text, pair.apply);
          assert.notEqual(applied, document.text, `${document.name} ${editClass.name} changes the text`);
          assert.equal(applyEdit(applied, pair.undo), document.text, `${document.name} ${editClass.name}: the undo restores the text`);
          const addedLines = applied.split('\n').length - document.text.split('\n').length;
          if (editClass.name === 'leaf') assert.equal(applied.length, document.text.length + 1, 'typing changes the length');
          if (editClass.name === 'list-item line') assert.ok(addedLines >= 1, `${document.name}: a line is inserted`);
          if (editClass.name === 'paste 50 lines') assert.equal(addedLines, 50, `${document.name}: 50 lines are pasted`);
        }
      }
      const facts = document.edits.find((e) => e.name === 'global fact')?.pairs.map((p) => applyEdit(document.text, p.apply)) ?? [];
      assert.ok(facts[0].includes('  region: eu'), 'region changes');
      assert.ok(facts[1].includes('  tenantId: examplehealthx'), 'tenantId changes');
      assert.ok(facts[2].includes('  mode: institutional'), 'identityProofing.mode changes');
    }
  });

  it('generates two valid ~1 MB documents, so their diagnostics stay few', function () {
    this.timeout(30000);
    const service = createLanguageService();
    for (const document of documents.slice(1)) {
      const bytes = Buffer.byteLength(document.text);
      assert.ok(bytes > 900 * 1024 && bytes < 1100 * 1024, `${document.name} is about 1 MB (${bytes} bytes)`);
      // Without a file reader the logo is missing (IMP-LOGO-001): every other rule finds nothing.
      const findings = service
        .validate(service.parse(document.text, `/bench/${document.fileName}`))
        .filter((f) => !f.ruleId.startsWith('IMP-LOGO-'));
      assert.deepEqual(
        findings.map((f) => `${f.ruleId} ${f.message}`),
        [],
        document.name,
      );
    }
  });

  it('reads its options from flags and the environment', () => {
    assert.equal(parseBenchOptions([], {}).samples, 60);
    assert.equal(parseBenchOptions(['--quick'], {}).samples, 2);
    assert.equal(parseBenchOptions([], { BENCH_SAMPLES: '7' }).samples, 7);
    assert.equal(parseBenchOptions(['--samples=9'], { BENCH_SAMPLES: '7' }).samples, 9);
    assert.deepEqual(parseBenchOptions(['--documents=roster'], {}).documents, ['roster']);
    assert.equal(parseBenchOptions(['--write'], {}).write, path.join(ROOT, 'docs/benchmarks.md'));
    assert.throws(() => parseBenchOptions(['--samples=0'], {}), /positive integer/);
    assert.throws(() => parseBenchOptions(['--documents=huge'], {}), /unknown document huge/);
    assert.throws(() => parseBenchOptions(['--fast'], {}), /unknown option --fast/);
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.deepEqual(percentiles(values), { p50: 50, p90: 90, p99: 99, samples: 100 });
    assert.deepEqual(percentiles([3, 1]), { p50: 1, p90: 3, p99: 3, samples: 2 });
  });

  it('runs end to end in --quick mode against both servers and writes its report', async function () {
    this.timeout(60000);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'imprivata-bench-test-')), 'benchmarks.md');
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [path.join(ROOT, 'out/test/bench/bench.js'), '--quick', '--documents=example', `--write=${out}`],
        {
          cwd: ROOT,
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(run.code, 0, run.stderr);
    for (const row of [
      '| example (5 KiB) | leaf:',
      '| example (5 KiB) | global fact:',
      '| example (5 KiB) | list-item line:',
      '| example (5 KiB) | paste 50 lines:',
      '| example (5 KiB) | completion on',
      '| example (5 KiB) | hover on',
      '| example (5 KiB) | cold start → first diagnostics',
      '| example (5 KiB) | resident memory after the edits',
      '| example (5 KiB) | peak memory',
    ]) {
      const line = run.stdout.split('\n').find((l) => l.startsWith(row));
      assert.ok(line, `no row ${row} in:\n${run.stdout}`);
      // Both servers measured: ours and yaml-language-server's cells hold numbers.
      const cells = line.split('|').map((c) => c.trim());
      assert.match(cells[3], /^\d/, `${row}: our figure`);
      assert.match(cells[4], /^\d/, `${row}: yaml-language-server's figure`);
    }
    assert.match(run.stdout, /Budgets: \d+ of 8 met\./);
    const written = readFileSync(out, 'utf8');
    assert.ok(written.startsWith('# Benchmarks\n'));
    assert.ok(written.includes(run.stdout), 'the file holds the printed tables');
  });
});
