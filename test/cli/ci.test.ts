import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/fixtures';
import { assertNoStackTrace, CLEAN_SMTP, CLEAR_TEXT_SMTP, directoryTenant, runCli, tempDir } from './cli-process';

/** Issue 11, "The CLI in CI": escaping, --output, standard input, --quiet, --max-warnings, --format github. */
describe('CLI in CI', () => {
  let tmp: string;
  before(() => {
    tmp = tempDir('cli-ci');
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const file = path.join(tmp, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  describe('text output escapes control characters from the input', () => {
    it('in messages: an escape sequence, a newline and a right-to-left override in keys are shown as escapes', () => {
      const file = write(
        'escape/imprivata-enterprise.yaml',
        `${CLEAN_SMTP}\u001b[31mred\u001b[0m: 1\n"two\\nlines": 2\n"a\\u202eb": 3\n"bell\\a": 4\n`,
      );
      const { status, stdout } = runCli(['lint', file]);
      assert.equal(status, 0);
      // eslint-disable-next-line no-control-regex -- looking for raw control characters
      assert.doesNotMatch(stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/, 'a raw control character reached the output');
      assert.match(stdout, /`\\x1b\[31mred\\x1b\[0m`/);
      assert.match(stdout, /`two\\nlines`/);
      assert.match(stdout, /`a\\u202eb`/);
      assert.match(stdout, /`bell\\x07`/);
      // One line per finding plus the summary: the newline inside a key did not split a line.
      const lines = stdout.trimEnd().split('\n');
      assert.equal(lines.length, 5, stdout);
      for (const line of lines.slice(0, -1)) assert.match(line, /^\S.*:\d+:\d+ warning IMP-DOC-002 /);
    });

    it('in file names, on standard output and standard error', () => {
      const dir = path.join(tmp, 'names');
      const name = 'imprivata-enterprise-\u001b]0;pwned\u0007\r.yaml';
      write(path.join('names', name), CLEAR_TEXT_SMTP);
      const { status, stdout, stderr } = runCli(['lint', dir, path.join(dir, 'missing-\u001b[2J.yaml')]);
      assert.equal(status, 2);
      // eslint-disable-next-line no-control-regex -- looking for raw control characters
      assert.doesNotMatch(stdout + stderr, /[\u0000-\u0009\u000b-\u001f\u007f]/);
      assert.match(stdout, /imprivata-enterprise-\\x1b\]0;pwned\\x07\\r\.yaml:6:11 warning IMP-SMTP-003/);
      assert.match(stderr, /missing-\\x1b\[2J\.yaml: no such file or directory/);
    });
  });

  describe('--output', () => {
    it('into a missing directory: exit 2, one clear line, nothing written, no stack trace', () => {
      const target = path.join(tmp, 'no-such-dir', 'report.sarif');
      const { status, stdout, stderr } = runCli(['lint', '--format', 'sarif', '--output', target, 'examples/imprivata-enterprise.yaml']);
      assert.equal(status, 2);
      assert.equal(stdout, '');
      assert.equal(
        stderr,
        `imprivata-config: cannot write the report to ${target}: the directory ${path.dirname(target)} does not exist (create it first)\n`,
      );
      assert.ok(!existsSync(path.dirname(target)));
    });

    it('onto a directory or below a file: exit 2 with one line', () => {
      const onDir = runCli(['lint', '--output', tmp, 'examples/imprivata-enterprise.yaml']);
      assert.equal(onDir.status, 2);
      assert.match(onDir.stderr, /^imprivata-config: cannot write the report to .+: it is a directory\n$/);
      const file = write('plain.txt', 'x');
      const belowFile = runCli(['lint', '--output', path.join(file, 'r.json'), 'examples/imprivata-enterprise.yaml']);
      assert.equal(belowFile.status, 2);
      assert.equal(belowFile.stderr.split('\n').length, 2, belowFile.stderr);
      assertNoStackTrace(belowFile.stderr);
    });

    it('writes the report to the file and nothing to standard output', () => {
      const target = path.join(tmp, 'report.json');
      const { status, stdout } = runCli([
        'lint',
        '--format',
        'json',
        '--output',
        target,
        'examples/broken/imprivata-enterprise-document.yaml',
      ]);
      assert.equal(status, 1);
      assert.equal(stdout, '');
      assert.ok(JSON.parse(readFileSync(target, 'utf8')).some((f: { code: string }) => f.code === 'IMP-DOC-004'));
    });
  });

  describe('standard input', () => {
    const example = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'));

    it('`-` reads the configuration from standard input, named <stdin> in the report', () => {
      const { status, stdout } = runCli(['lint', '-'], { input: CLEAR_TEXT_SMTP });
      assert.equal(status, 0);
      assert.match(stdout, /^<stdin>:6:11 warning IMP-SMTP-003 /);
      assert.match(stdout, /^1 file checked: 0 errors, 1 warning, 0 notes\.$/m);
    });

    it('--stdin-filename names it in every format and resolves the logo from its folder', () => {
      // The example's logo (assets/logo.png) exists next to examples/imprivata-enterprise.yaml ...
      const beside = runCli(['lint', '--stdin-filename', 'examples/imprivata-enterprise.yaml', '-'], { input: example });
      assert.equal(beside.status, 0, beside.stdout + beside.stderr);
      assert.equal(beside.stdout, '1 file checked: no problems.\n');
      // ... and not next to a name in an empty folder: the logo rule looks where the name says.
      const elsewhere = path.join(tmp, 'elsewhere', 'imprivata-enterprise.yaml');
      mkdirSync(path.dirname(elsewhere), { recursive: true });
      const away = runCli(['lint', '--stdin-filename', elsewhere, '-'], { input: example });
      assert.equal(away.status, 1);
      assert.match(away.stdout, new RegExp(`^${escapeRegExp(elsewhere)}:\\d+:\\d+ error IMP-LOGO-001 `, 'm'));
      const json = runCli(['lint', '--format', 'json', '--stdin-filename', 'config/imprivata-enterprise.yaml', '-'], {
        input: CLEAR_TEXT_SMTP,
      });
      assert.equal(JSON.parse(json.stdout)[0].file, 'config/imprivata-enterprise.yaml');
      const github = runCli(['lint', '--format', 'github', '--stdin-filename', 'config/imprivata-enterprise.yaml', '-'], {
        input: CLEAR_TEXT_SMTP,
      });
      assert.match(github.stdout, /^::warning file=config\/imprivata-enterprise\.yaml,line=6,/);
    });

    it('is checked together with files (the workspace rule sees both)', () => {
      const other = write('pair/imprivata-enterprise-a.yaml', directoryTenant('tenant-a', 'shared'));
      const { status, stdout } = runCli(['lint', other, '-', '--stdin-filename', 'pair/imprivata-enterprise-b.yaml'], {
        input: directoryTenant('tenant-b', 'shared'),
        cwd: tmp,
      });
      assert.equal(status, 1, stdout);
      assert.match(stdout, /^pair\/imprivata-enterprise-b\.yaml:\d+:\d+ error IMP-IDP-002 /m);
    });

    it('usage errors: `-` twice, --stdin-filename without `-`', () => {
      assert.equal(runCli(['lint', '-', '-'], { input: '' }).status, 2);
      const orphan = runCli(['lint', '--stdin-filename', 'x.yaml', 'examples/imprivata-enterprise.yaml']);
      assert.equal(orphan.status, 2);
      assert.match(orphan.stderr, /--stdin-filename names standard input, but `-` is not among the files/);
    });
  });

  describe('--quiet and --max-warnings', () => {
    let mixed: string;
    before(() => {
      // One error (IMP-DOC-004) and one warning (IMP-SMTP-003).
      mixed = write('mixed/imprivata-enterprise.yaml', CLEAR_TEXT_SMTP.replace('version: 1', 'version: 7'));
    });

    it('--quiet reports errors only, in every format', () => {
      const all = runCli(['lint', mixed]);
      assert.match(all.stdout, / warning IMP-SMTP-003 /);
      const quiet = runCli(['lint', '--quiet', mixed]);
      assert.equal(quiet.status, 1);
      assert.match(quiet.stdout, / error IMP-DOC-004 /);
      assert.doesNotMatch(quiet.stdout, /IMP-SMTP-003/);
      assert.match(quiet.stdout, /1 file checked: 1 error, 0 warnings, 0 notes\./);
      const json = JSON.parse(runCli(['lint', '-q', '--format', 'json', mixed]).stdout) as { code: string }[];
      assert.deepEqual(
        json.map((f) => f.code),
        ['IMP-DOC-004'],
      );
      const sarif = JSON.parse(runCli(['lint', '-q', '--format', 'sarif', mixed]).stdout);
      assert.deepEqual(
        sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId),
        ['IMP-DOC-004'],
      );
      const github = runCli(['lint', '-q', '--format', 'github', mixed]).stdout;
      assert.deepEqual(
        github.split('\n').flatMap((l) => /^::\w+ .*title=([^:]+)::/.exec(l)?.slice(1) ?? []),
        ['IMP-DOC-004'],
      );
    });

    it('--quiet on warnings only: exit 0 and nothing but the summary', () => {
      const file = write('warn/imprivata-enterprise.yaml', CLEAR_TEXT_SMTP);
      const { status, stdout } = runCli(['lint', '--quiet', file]);
      assert.equal(status, 0);
      assert.equal(stdout, '1 file checked: no problems.\n');
    });

    it('--max-warnings N: exit 1 only past N warnings, and says why', () => {
      const dir = path.join(tmp, 'warnings');
      for (const n of [1, 2, 3]) write(`warnings/imprivata-enterprise-${n}.yaml`, CLEAR_TEXT_SMTP);
      assert.equal(runCli(['lint', dir]).status, 0);
      assert.equal(runCli(['lint', '--max-warnings', '3', dir]).status, 0);
      const over = runCli(['lint', '--max-warnings=2', dir]);
      assert.equal(over.status, 1);
      assert.equal(over.stderr, 'imprivata-config: 3 warnings found, more than --max-warnings 2 allows\n');
      assert.equal(runCli(['lint', '--max-warnings', '0', dir]).status, 1);
      // Warnings count even when --quiet hides them.
      const quiet = runCli(['lint', '--quiet', '--max-warnings', '0', dir]);
      assert.equal(quiet.status, 1);
      assert.equal(quiet.stdout, '3 files checked: no problems.\n');
      for (const bad of ['-1', 'two', '1.5', '']) assert.equal(runCli(['lint', `--max-warnings=${bad}`, dir]).status, 2, bad);
    });
  });

  describe('--format github', () => {
    it('one workflow command per finding: level, file, line, columns, rule ID as title', () => {
      const file = write('gh/imprivata-enterprise.yaml', CLEAR_TEXT_SMTP.replace('version: 1', 'version: 7'));
      const { status, stdout } = runCli(['lint', '--format', 'github', 'gh/imprivata-enterprise.yaml'], { cwd: tmp });
      assert.equal(status, 1);
      const lines = stdout.trimEnd().split('\n');
      assert.equal(lines.length, 3, stdout);
      assert.match(lines[0], /^::error file=gh\/imprivata-enterprise\.yaml,line=1,col=10,endLine=1,endColumn=11,title=IMP-DOC-004::\S/);
      assert.equal(
        lines[1].slice(0, lines[1].indexOf('::', 2) + 2),
        '::warning file=gh/imprivata-enterprise.yaml,line=6,col=11,endLine=6,endColumn=16,title=IMP-SMTP-003::',
      );
      assert.equal(lines[2], '1 file checked: 1 error, 1 warning, 0 notes.');
      assert.ok(existsSync(file));
    });

    it('information and hints are notices; a range over several lines has no columns', () => {
      const text = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8').replace(
        'nameIdFormat: email',
        'nameIdFormat: unspecified',
      );
      const file = write('notice/imprivata-enterprise.yaml', text);
      cpSync(path.join(ROOT, 'examples/assets'), path.join(tmp, 'notice/assets'), { recursive: true });
      const { stdout } = runCli(['lint', '--format', 'github', file]);
      assert.match(stdout, /^::notice file=[^:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=IMP-IDP-008::/m);

      const multiLine = write('multi/imprivata-enterprise.yaml', MULTI_LINE_FINDING);
      const commands = runCli(['lint', '--format', 'github', multiLine])
        .stdout.split('\n')
        .filter((l) => l.startsWith('::'));
      const spanning = commands.filter((l) => {
        const [, start, end] = /,line=(\d+),.*endLine=(\d+)/.exec(l) ?? [];
        return start !== end;
      });
      assert.ok(spanning.length > 0, `expected a finding over several lines:\n${commands.join('\n')}`);
      for (const line of spanning) assert.doesNotMatch(line, /,col=|,endColumn=/, line);
    });

    it("escapes properties and data as GitHub's toolkit does: %, CR, LF; and : , in properties", () => {
      // CR and LF from the input are shown as escapes (as in the text format), so no raw one is left to encode.
      assert.equal(escapeGithubDataForTest('50% done\r\nnext'), '50%25 done\\r\\nnext');
      const dir = path.join(tmp, 'odd, na:me');
      write('odd, na:me/imprivata-enterprise.yaml', `${CLEAN_SMTP}"100%\\nkey": 1\n`);
      const { stdout } = runCli(['lint', '--format', 'github', path.relative(tmp, dir)], { cwd: tmp });
      const [command] = stdout.split('\n');
      assert.equal(
        command,
        '::warning file=odd%2C na%3Ame/imprivata-enterprise.yaml,line=8,col=1,endLine=8,endColumn=12,title=IMP-DOC-002::' +
          command.slice(command.indexOf('::', 2) + 2),
      );
      const data = command.slice(command.indexOf('::', 2) + 2);
      assert.match(data, /`100%25\\nkey`/);
      assert.doesNotMatch(data, /%(?!25|0D|0A)/);
    });
  });

  it('the help text and the README name every option of lint', () => {
    const help = runCli(['lint', '--help']).stdout;
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const flags = [...new Set(help.match(/--[a-z][a-z-]+/g) ?? [])];
    for (const flag of ['--format', '--output', '--rule', '--stdin-filename', '--quiet', '--max-warnings'])
      assert.ok(flags.includes(flag), flag);
    const cliSection = readme.slice(readme.indexOf('## CLI'), readme.indexOf('\n## ', readme.indexOf('## CLI') + 1));
    for (const flag of flags) assert.ok(cliSection.includes(flag), `README's CLI section does not mention ${flag}`);
    for (const format of ['text', 'json', 'sarif', 'github']) assert.ok(help.includes(format) && cliSection.includes(format), format);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The escaping rule of the github format, through the real CLI: a file whose key holds the characters. */
function escapeGithubDataForTest(text: string): string {
  const dir = tempDir('cli-gh-escape');
  try {
    writeFileSync(path.join(dir, 'imprivata-enterprise.yaml'), `${CLEAN_SMTP}${JSON.stringify(text)}: 1\n`);
    const { stdout } = runCli(['lint', '--format', 'github', 'imprivata-enterprise.yaml'], { cwd: dir });
    const data = stdout.split('\n')[0];
    const quoted = /`(.*?)`/.exec(data.slice(data.indexOf('::', 2) + 2));
    return quoted ? quoted[1] : '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `licenses` is a mapping; a quoted text over two lines is a wrong type on a range of two lines (IMP-DOC-003). */
const MULTI_LINE_FINDING = 'version: 1\nlicenses: "x\n  y"\n';
