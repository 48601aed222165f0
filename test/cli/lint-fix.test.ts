/**
 * `lint --fix` and `--fix-dry-run` on every file of examples/broken/, through the real CLI process, against golden
 * outputs in test/fixtures/fixes/lint-fix/: the fixed files byte for byte, the dry run's unified diff, and what is
 * reported as left. `UPDATE_GOLDEN=1` writes the goldens (review their diff before committing).
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyPatch, parsePatch } from 'diff';
import { ROOT } from '../support/fixtures';
import { runCli, tempDir } from './cli-process';

const BROKEN = path.join(ROOT, 'examples/broken');
const GOLDEN = path.join(ROOT, 'test/fixtures/fixes/lint-fix');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
  }
  assert.ok(existsSync(file), `${name} is missing (UPDATE_GOLDEN=1 writes it)`);
  assert.equal(actual, readFileSync(file, 'utf8'), `${name}, byte for byte`);
}

describe('lint --fix and --fix-dry-run on examples/broken/ (golden outputs)', function () {
  this.timeout(120000);
  const names = readdirSync(BROKEN)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  let root: string;
  let dir: string;
  const originals = new Map<string, string>();

  before(() => {
    // The whole examples/ folder: the broken files name `../assets/logo.png`.
    root = tempDir('lint-fix');
    cpSync(path.join(ROOT, 'examples'), root, { recursive: true });
    dir = path.join(root, 'broken');
    for (const name of names) originals.set(name, readFileSync(path.join(dir, name), 'utf8'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('--fix-dry-run prints the unified diff of every file and writes nothing', () => {
    const run = runCli(['lint', '--fix-dry-run', ...names], { cwd: dir });
    for (const name of names) assert.equal(readFileSync(path.join(dir, name), 'utf8'), originals.get(name), `${name} unchanged`);
    golden('dry-run.diff', run.stdout);
    assert.match(run.stderr, /^imprivata-config: --fix would apply \d+ fixes in \d+ files; nothing was written\n$/);
    assert.equal(run.status, 1, 'errors are left after the safe fixes');
  });

  it('--fix writes the safe fixes in place, says what it fixed, and reports what is left', () => {
    const run = runCli(['lint', '--fix', ...names], { cwd: dir });
    golden(
      'fix-output.txt',
      `exit status ${String(run.status)}\n--- standard error ---\n${run.stderr}--- standard output ---\n${run.stdout}`,
    );
    for (const name of names) golden(name.replace(/\.yaml$/, '.fixed.yaml'), readFileSync(path.join(dir, name), 'utf8'));
  });

  it('the dry run diff, applied to the originals, gives exactly what --fix wrote', () => {
    const patches = parsePatch(readFileSync(path.join(GOLDEN, 'dry-run.diff'), 'utf8'));
    assert.ok(patches.length > 0);
    for (const patch of patches) {
      const name = (patch.oldFileName ?? '').replace(/^a\//, '');
      const applied = applyPatch(originals.get(name) ?? '', patch);
      assert.equal(applied, readFileSync(path.join(dir, name), 'utf8'), name);
    }
  });

  it('a second --fix finds nothing left to fix (a fixed point) and changes nothing', () => {
    const before = names.map((n) => readFileSync(path.join(dir, n), 'utf8'));
    const run = runCli(['lint', '--fix-dry-run', ...names], { cwd: dir });
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'imprivata-config: no safe fixes to apply\n');
    assert.deepEqual(
      names.map((n) => readFileSync(path.join(dir, n), 'utf8')),
      before,
    );
  });

  it('comments, quoting, indentation and CRLF line ends elsewhere are kept byte for byte', () => {
    const crlfDir = tempDir('lint-fix-crlf');
    try {
      const text = [
        '# A comment that stays\r\n',
        'version: 1\r\n',
        'enterprise:\r\n',
        "  name: 'Quoted Name'   # trailing comment\r\n",
        '  region: us\r\n',
        '  tenantId: examplehealth\r\n',
        'smtp:\r\n',
        '    mode: basic\r\n',
        '    server: smtp.office365.com\r\n',
        '    port: 465\r\n',
        '    from: "noreply@example.org"\r\n',
      ].join('');
      const file = path.join(crlfDir, 'imprivata-enterprise.yaml');
      writeFileSync(file, `\ufeff${text}`);
      // Without IMP-HOST-001, whose fix would add the whole allowlist: one fix, the port.
      runCli(['lint', '--fix', '--rule', 'IMP-HOST-001=off', 'imprivata-enterprise.yaml'], { cwd: crlfDir });
      const bytes = readFileSync(file);
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the byte order mark is kept');
      const after = bytes.subarray(3).toString('utf8');
      assert.equal(after, text.replace('    port: 465\r\n', '    port: 587\r\n'), 'only the port changed');
    } finally {
      rmSync(crlfDir, { recursive: true, force: true });
    }
  });

  it('--fix refuses standard input and goes not with --fix-dry-run (usage errors, exit 2)', () => {
    const stdin = runCli(['lint', '--fix', '-'], { input: 'version: 1\n' });
    assert.equal(stdin.status, 2);
    assert.match(stdin.stderr, /--fix writes the fixes into the files, and standard input is not a file/);
    const both = runCli(['lint', '--fix', '--fix-dry-run', 'x.yaml']);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--fix and --fix-dry-run exclude each other/);
  });
});
