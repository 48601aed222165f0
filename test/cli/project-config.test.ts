import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  loadProjectConfigFor,
  lookUpProjectConfig,
  projectConfigFileFor,
  PROJECT_CONFIG_FILE_NAME,
  ProjectConfigResolver,
} from '../../server/src/node/project-config';
import { ROOT } from '../support/fixtures';
import { CLEAR_TEXT_SMTP, runCli, tempDir } from './cli-process';

/** The project file `.imprivata-config.yaml`: rule severities and file patterns, found upward from each file. */
describe('CLI project file (.imprivata-config.yaml)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = tempDir('cli-project');
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const file = path.join(tmp, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  describe('the fixture project (test/fixtures/cli/project)', () => {
    const project = 'test/fixtures/cli/project';

    it('a directory scan picks up what `files` matches (recursively), and each file gets its nearest project file', () => {
      const { status, stdout } = runCli(['lint', project]);
      assert.equal(status, 1, stdout);
      // sites/boston: the top project file turns IMP-SMTP-003 off. sites/london: its own project file makes it an
      // error. The top-level imprivata-enterprise.yaml and sites/boston/notes.yaml are not matched by `files`.
      assert.equal(
        stdout,
        `${project}/sites/london/imprivata-london.yaml:6:11 error IMP-SMTP-003 \`smtp.useTls\` is false, so mail (and the SMTP password, if one is used) crosses the network in clear text. Turn TLS on unless the relay cannot do STARTTLS.\n` +
          '2 files checked: 1 error, 0 warnings, 0 notes.\n',
      );
    });

    it('a file named on the command line is checked whatever `files` says, with its project file', () => {
      const { status, stdout } = runCli(['lint', `${project}/imprivata-enterprise.yaml`]);
      assert.equal(status, 0);
      assert.equal(stdout, '1 file checked: no problems.\n');
    });

    it('--rule wins over every project file', () => {
      const { status, stdout } = runCli(['lint', '--rule', 'IMP-SMTP-003=warning', project, `${project}/imprivata-enterprise.yaml`]);
      assert.equal(status, 0, stdout);
      assert.equal((stdout.match(/ warning IMP-SMTP-003 /g) ?? []).length, 3, stdout);
    });
  });

  it('without a project file a directory stands for its imprivata-enterprise*.yaml files, not recursively', () => {
    write('imprivata-enterprise.yaml', CLEAR_TEXT_SMTP);
    write('sub/imprivata-enterprise.yaml', CLEAR_TEXT_SMTP);
    write('other.yaml', 'not: [yaml');
    const { status, stdout } = runCli(['lint', tmp]);
    assert.equal(status, 0);
    assert.match(stdout, /^1 file checked: 0 errors, 1 warning, 0 notes\.$/m);
  });

  it('`files` patterns: relative to the project folder, a pattern without / matches names at any depth; node_modules is skipped', () => {
    write(PROJECT_CONFIG_FILE_NAME, 'files:\n  - "*.imprivata.yaml"\n  - "config/prod/*.yml"\n');
    write('a/b/site.imprivata.yaml', CLEAR_TEXT_SMTP);
    write('config/prod/main.yml', CLEAR_TEXT_SMTP);
    write('config/test/main.yml', CLEAR_TEXT_SMTP);
    write('node_modules/pkg/x.imprivata.yaml', CLEAR_TEXT_SMTP);
    write('imprivata-enterprise.yaml', CLEAR_TEXT_SMTP);
    const { status, stdout } = runCli(['lint', '.'], { cwd: tmp });
    assert.equal(status, 0, stdout);
    const files = [...new Set(stdout.match(/^[^:\n]+(?=:\d+:\d+ )/gm))].sort();
    assert.deepEqual(files, ['a/b/site.imprivata.yaml', 'config/prod/main.yml']);
    // A scan of a subfolder uses the same project file and patterns (still relative to the project folder).
    const sub = runCli(['lint', 'config'], { cwd: tmp });
    assert.deepEqual([...new Set(sub.stdout.match(/^[^:\n]+(?=:\d+:\d+ )/gm))], ['config/prod/main.yml']);
  });

  it('standard input uses the project file above --stdin-filename (or the working directory)', () => {
    write(PROJECT_CONFIG_FILE_NAME, 'rules:\n  IMP-SMTP-003: error\n');
    mkdirSync(path.join(tmp, 'elsewhere'));
    const named = runCli(['lint', '--stdin-filename', path.join(tmp, 'x/imprivata-enterprise.yaml'), '-'], {
      input: CLEAR_TEXT_SMTP,
      cwd: '/',
    });
    assert.equal(named.status, 1);
    assert.match(named.stdout, / error IMP-SMTP-003 /);
    const unnamed = runCli(['lint', '-'], { input: CLEAR_TEXT_SMTP, cwd: path.join(tmp, 'elsewhere') });
    assert.equal(unnamed.status, 1);
    assert.match(unnamed.stdout, /^<stdin>:6:11 error IMP-SMTP-003 /);
  });

  it('an empty project file, or one of comments only, changes nothing', () => {
    for (const text of ['', '# nothing yet\n', 'rules:\nfiles:\n']) {
      write(PROJECT_CONFIG_FILE_NAME, text);
      const file = write('imprivata-enterprise.yaml', CLEAR_TEXT_SMTP);
      const { status, stdout, stderr } = runCli(['lint', file]);
      assert.equal(status, 0, JSON.stringify(text) + stderr);
      assert.match(stdout, / warning IMP-SMTP-003 /);
    }
  });

  describe('problems in the project file: path:line:col and what is wrong, exit 2', () => {
    const cases: [string, string, string, RegExp][] = [
      [
        'an unknown key',
        'rule:\n  IMP-SMTP-003: off\n',
        '1:1',
        /^Unknown key `rule`: a project file has only `rules` \(severity per rule ID\), `files` \(glob patterns\) and `limits` \(`maxFileSize`, `maxLineLength`\)\.$/,
      ],
      [
        'a misspelt severity',
        'rules:\n  IMP-SMTP-003: of\n',
        '2:17',
        /^`rules\.IMP-SMTP-003`: the severity must be one of off, error, warning, information or hint\.$/,
      ],
      ['an unknown rule ID', 'rules:\n  IMP-NOPE-001: off\n', '2:3', /^Unknown rule `IMP-NOPE-001`: no rule has this ID/],
      [
        'something that is not a rule ID',
        'rules:\n  smtp-003: off\n',
        '2:3',
        /^`smtp-003` is not a rule ID; rule IDs look like `IMP-SMTP-003`/,
      ],
      [
        'a pattern leaving the folder',
        'files:\n  - ../other/*.yaml\n',
        '2:5',
        /^Item 1 of `files`: a pattern is relative to the folder of \.imprivata-config\.yaml and cannot leave it/,
      ],
      ['an absolute pattern', 'files:\n  - /etc/*.yaml\n', '2:5', /cannot leave it: no leading `\/`, no `\.\.`\.$/],
      ['rules as a list', 'rules:\n  - IMP-SMTP-003\n', '2:3', /^`rules` should be a mapping of rule ID to severity/],
      [
        'a key that is a collection, nested 30 deep (the yaml library would stringify it in exponential time)',
        `rules:\n  ${'[{'.repeat(30)}${'}]'.repeat(30)}: off\n`,
        '2:3',
        /^A key of the project file is a list or a mapping; keys are names such as `rules` or `files`\.$/,
      ],
      ['files as one text', 'files: "*.yaml"\n', '1:8', /^`files` should be a list of glob patterns\.$/],
      ['a list instead of a mapping', '- IMP-SMTP-003\n', '1:1', /^The file should be a mapping with `rules` and\/or `files`/],
      [
        'a key written twice',
        'rules:\n  IMP-SMTP-003: off\n  IMP-SMTP-003: error\n',
        '3:3',
        /^This key is written twice in the same mapping; YAML keeps only one/,
      ],
      ['a tab as indentation', 'rules:\n\tIMP-SMTP-003: off\n', '2:1', /YAML/],
    ];
    for (const [name, text, position, message] of cases) {
      it(name, () => {
        const project = write(PROJECT_CONFIG_FILE_NAME, text);
        const file = write('imprivata-enterprise.yaml', CLEAR_TEXT_SMTP);
        const { status, stdout, stderr } = runCli(['lint', file]);
        assert.equal(status, 2, stderr);
        const [first, ...rest] = stderr.trimEnd().split('\n');
        assert.ok(first.startsWith(`${project}:${position}: `), `expected ${project}:${position}: ..., got ${first}`);
        assert.match(first.slice(`${project}:${position}: `.length), message);
        assert.equal(
          rest[rest.length - 1],
          `imprivata-config: ${file}: not checked: its project file ${project} has problems (listed above)`,
        );
        assert.equal(stdout, '0 files checked; 1 not checked (see the messages above).\n');
        assert.doesNotMatch(stderr, /must NOT|must be equal|must match|additional properties|YAMLParseError/, "ajv's or yaml's own words");
      });
    }

    it('each problem is listed once, however many files the project file governs', () => {
      const project = write(PROJECT_CONFIG_FILE_NAME, 'rules:\n  IMP-SMTP-003: of\n');
      for (const n of [1, 2, 3]) write(`imprivata-enterprise-${n}.yaml`, CLEAR_TEXT_SMTP);
      const { status, stderr } = runCli(['lint', ...[1, 2, 3].map((n) => path.join(tmp, `imprivata-enterprise-${n}.yaml`))]);
      assert.equal(status, 2);
      assert.equal(stderr.split('\n').filter((l) => l.startsWith(`${project}:`)).length, 1, stderr);
    });

    it('a directory under a broken project file is not scanned', () => {
      write(PROJECT_CONFIG_FILE_NAME, 'files: [1]\n');
      write('imprivata-enterprise.yaml', CLEAR_TEXT_SMTP);
      const { status, stderr } = runCli(['lint', tmp]);
      assert.equal(status, 2);
      assert.match(stderr, /:1:9: Item 1 of `files` should be a glob pattern \(text\)\.\n/);
      assert.match(stderr, /: not scanned: its project file .+ has problems \(listed above\)\n$/);
    });

    it('a project file that is a FIFO is refused at once, not read', () => {
      assert.equal(spawnSync('mkfifo', [path.join(tmp, PROJECT_CONFIG_FILE_NAME)]).status, 0);
      const file = write('imprivata-enterprise.yaml', CLEAR_TEXT_SMTP);
      const { status, stderr, ms } = runCli(['lint', file], { timeout: 10000 });
      assert.equal(status, 2);
      assert.ok(ms < 5000, `took ${ms} ms`);
      assert.match(stderr, /\.imprivata-config\.yaml:1:1: The project file is a named pipe \(FIFO\), not a regular file/);
    });
  });

  describe('the API the language server uses (server/src/node/project-config.ts)', () => {
    it('loadProjectConfigFor: the nearest project file upward, and which file applied', () => {
      const top = write(PROJECT_CONFIG_FILE_NAME, 'rules:\n  IMP-SMTP-003: off\nfiles: ["**/*.yaml"]\n');
      const nested = write('team/.imprivata-config.yaml', 'rules:\n  IMP-IDP-008: warning\n');
      const deep = path.join(tmp, 'team/a/b/imprivata-enterprise.yaml');
      const config = loadProjectConfigFor(deep);
      assert.deepEqual(config, { filePath: nested, rules: { 'IMP-IDP-008': 'warning' } });
      assert.equal(projectConfigFileFor(deep), nested);
      assert.deepEqual(loadProjectConfigFor(path.join(tmp, 'imprivata-enterprise.yaml')), {
        filePath: top,
        rules: { 'IMP-SMTP-003': 'off' },
        files: ['**/*.yaml'],
      });
    });

    it('stopAt bounds the search (e.g. at the workspace folder)', () => {
      write(PROJECT_CONFIG_FILE_NAME, 'rules:\n  IMP-SMTP-003: off\n');
      const file = path.join(tmp, 'ws/imprivata-enterprise.yaml');
      assert.ok(loadProjectConfigFor(file));
      assert.equal(loadProjectConfigFor(file, { stopAt: path.join(tmp, 'ws') }), undefined);
      assert.equal(projectConfigFileFor(file, { stopAt: path.join(tmp, 'ws') }), undefined);
    });

    it('cached by (path, size, mtime): the same object while unchanged, re-read when the file changes', () => {
      const project = write(PROJECT_CONFIG_FILE_NAME, 'rules:\n  IMP-SMTP-003: off\n');
      const file = path.join(tmp, 'imprivata-enterprise.yaml');
      const first = loadProjectConfigFor(file);
      assert.equal(loadProjectConfigFor(file), first, 'not cached');
      writeFileSync(project, 'rules:\n  IMP-SMTP-003: error\n'); // a different size
      assert.deepEqual(loadProjectConfigFor(file)?.rules, { 'IMP-SMTP-003': 'error' });
      // The same size, a later mtime: re-read too.
      writeFileSync(project, 'rules:\n  IMP-SMTP-004: error\n');
      utimesSync(project, new Date(), new Date(Date.now() + 5000));
      assert.deepEqual(loadProjectConfigFor(file)?.rules, { 'IMP-SMTP-004': 'error' });
    });

    it('an invalid project file: undefined, and lookUpProjectConfig says why', () => {
      const project = write(PROJECT_CONFIG_FILE_NAME, 'rules:\n  IMP-SMTP-003: of\n');
      const file = path.join(tmp, 'imprivata-enterprise.yaml');
      assert.equal(loadProjectConfigFor(file), undefined);
      const lookup = lookUpProjectConfig(file);
      assert.equal(lookup.file, project);
      assert.deepEqual(lookup.problems?.[0].range, { start: { line: 1, character: 16 }, end: { line: 1, character: 18 } });
    });

    it('ProjectConfigResolver caches the upward search per directory within a run', () => {
      const resolver = new ProjectConfigResolver();
      assert.equal(resolver.forDirectory(tmp).file, undefined);
      write(PROJECT_CONFIG_FILE_NAME, 'rules: {}\n');
      assert.equal(resolver.forDirectory(tmp).file, undefined, 'a run sees the tree as it was when first looked at');
      assert.equal(new ProjectConfigResolver().forDirectory(tmp).file, path.join(tmp, PROJECT_CONFIG_FILE_NAME));
    });
  });

  it('the JSON Schema is in schemas/ and the README documents the file with its path', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/imprivata-config-project.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties).sort(), ['files', 'limits', 'rules']);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes('schemas/imprivata-config-project.schema.json'));
    assert.ok(readme.includes('.imprivata-config.yaml'));
  });
});
