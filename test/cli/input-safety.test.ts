import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { assertNoStackTrace, CLEAN_SMTP, CLEAR_TEXT_SMTP, CLI, directoryTenant, runCli, tempDir } from './cli-process';

/**
 * Issue 12 items 1, 6 and 12 on the CLI side: only regular files are opened, reads are bounded, links leaving a
 * scanned tree are not followed, no content of a non-configuration file is printed, and the CLI's own errors
 * (output onto an input, a closed standard output, one unreadable entry) are handled.
 */
describe('CLI input safety', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = tempDir('cli-input');
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  function write(name: string, text: string | Buffer): string {
    const file = path.join(tmp, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  function mkfifo(file: string): string {
    mkdirSync(path.dirname(file), { recursive: true });
    const result = spawnSync('mkfifo', [file]);
    assert.equal(result.status, 0, `mkfifo failed: ${String(result.stderr)}`);
    return file;
  }

  /** A second file checked beside the hostile one, to prove the rest is still checked. */
  function goodFile(dir: string): string {
    return write(path.join(dir, 'imprivata-enterprise-good.yaml'), CLEAR_TEXT_SMTP);
  }

  function assertRestChecked(stdout: string, file: string): void {
    assert.match(stdout, new RegExp(`${path.basename(file).replace(/\./g, '\\.')}:6:11 warning IMP-SMTP-003 `));
  }

  describe('special files are never opened for reading', () => {
    it('a FIFO given on the command line: exit 2 at once, the other file still checked', () => {
      const fifo = mkfifo(path.join(tmp, 'imprivata-enterprise.yaml'));
      const good = goodFile('other');
      const { status, stdout, stderr, ms } = runCli(['lint', fifo, good], { timeout: 10000 });
      assert.equal(status, 2, `status ${status}, ${ms} ms, ${stderr}`);
      assert.ok(ms < 5000, `took ${ms} ms`);
      assert.equal(
        stderr,
        `imprivata-config: ${fifo}: is a named pipe (FIFO), not a regular file: only regular files are read (reading a pipe or a device can block or never end)\n`,
      );
      assertRestChecked(stdout, good);
      assert.match(stdout, /^1 file checked: 0 errors, 1 warning, 0 notes\. 1 not checked \(see the messages above\)\.$/m);
    });

    for (const command of ['preflight', 'allowlist']) {
      it(`${command} on a FIFO or a file over the size cap: exit 2 at once, saying why`, () => {
        const fifo = mkfifo(path.join(tmp, 'imprivata-enterprise.yaml'));
        const fifoRun = runCli([command, fifo], { timeout: 10000 });
        assert.equal(fifoRun.status, 2, `status ${fifoRun.status}, ${fifoRun.ms} ms, ${fifoRun.stderr}`);
        assert.ok(fifoRun.ms < 5000, `took ${fifoRun.ms} ms`);
        assert.match(fifoRun.stderr, /is a named pipe \(FIFO\), not a regular file/);
        const large = write('big/imprivata-enterprise.yaml', '');
        truncateSync(large, 9 * 1024 * 1024);
        const largeRun = runCli([command, large], { timeout: 10000 });
        assert.equal(largeRun.status, 2, largeRun.stderr);
        assertNoStackTrace(largeRun.stderr);
      });
    }

    it('a FIFO found in a directory scan: exit 2 at once, the rest of the directory checked', () => {
      const dir = path.join(tmp, 'scan');
      mkfifo(path.join(dir, 'imprivata-enterprise-a.yaml'));
      const good = goodFile('scan');
      const { status, stdout, stderr, ms } = runCli(['lint', dir], { timeout: 10000 });
      assert.equal(status, 2, stderr);
      assert.ok(ms < 5000, `took ${ms} ms`);
      assert.match(stderr, /imprivata-enterprise-a\.yaml: is a named pipe \(FIFO\), not a regular file/);
      assertRestChecked(stdout, good);
    });

    it('a symbolic link to /dev/zero given on the command line: refused as a device, at once', () => {
      const link = path.join(tmp, 'imprivata-enterprise.yaml');
      symlinkSync('/dev/zero', link);
      const { status, stderr, ms } = runCli(['lint', link], { timeout: 10000 });
      assert.equal(status, 2);
      assert.ok(ms < 5000, `took ${ms} ms`);
      assert.match(stderr, /imprivata-enterprise\.yaml: is a character device, not a regular file/);
    });

    it('a symbolic link to /dev/zero in a directory scan: not followed (it leaves the tree)', () => {
      symlinkSync('/dev/zero', path.join(tmp, 'imprivata-enterprise-zero.yaml'));
      const good = goodFile('.');
      const { status, stdout, stderr, ms } = runCli(['lint', tmp], { timeout: 10000 });
      assert.equal(status, 2);
      assert.ok(ms < 5000, `took ${ms} ms`);
      assert.match(stderr, /imprivata-enterprise-zero\.yaml: is a symbolic link that leaves the scanned directory: not followed/);
      assertRestChecked(stdout, good);
    });

    it('a Unix socket, given or found: refused', async () => {
      const socket = path.join(tmp, 'imprivata-enterprise-sock.yaml');
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(socket, resolve));
      try {
        const given = runCli(['lint', socket]);
        assert.equal(given.status, 2);
        assert.match(given.stderr, /is a socket, not a regular file/);
        const found = runCli(['lint', tmp]);
        assert.equal(found.status, 2);
        assert.match(found.stderr, /imprivata-enterprise-sock\.yaml: is a socket, not a regular file/);
      } finally {
        server.close();
      }
    });

    it('a directory named like a configuration file: reported, not read', () => {
      mkdirSync(path.join(tmp, 'imprivata-enterprise-dir.yaml'));
      const { status, stderr } = runCli(['lint', tmp]);
      assert.equal(status, 2);
      assert.match(stderr, /imprivata-enterprise-dir\.yaml: is a directory, not a file/);
    });
  });

  describe('reads are bounded (8 MiB)', () => {
    it('a file over the cap is not read (sparse, so the test writes nothing)', () => {
      const big = write('imprivata-enterprise.yaml', '');
      truncateSync(big, 9 * 1024 * 1024);
      const { status, stderr, ms } = runCli(['lint', big]);
      assert.equal(status, 2);
      assert.ok(ms < 5000, `took ${ms} ms`);
      assert.equal(
        stderr,
        `imprivata-config: ${big}: is larger than 8 MiB, the most a configuration file may hold: not read (9,437,184 bytes)\n`,
      );
    });

    it('a file at the cap is read', () => {
      const file = write('imprivata-enterprise.yaml', CLEAN_SMTP + '#'.repeat(8 * 1024 * 1024 - CLEAN_SMTP.length));
      const { status, stdout } = runCli(['lint', file]);
      assert.equal(status, 0, stdout);
    });

    it('standard input over the cap: exit 2', () => {
      const { status, stderr } = runCli(['lint', '-'], { input: Buffer.alloc(9 * 1024 * 1024, 0x23) });
      assert.equal(status, 2);
      assert.equal(stderr, 'imprivata-config: <stdin>: is larger than 8 MiB, the most a configuration file may hold: not read\n');
    });

    it('an endless standard input (zeros, as from /dev/zero) stops at the cap: exit 2 within seconds', async function () {
      this.timeout(20000);
      const child = spawn(process.execPath, [CLI, 'lint', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const zeros = new Readable({
        read() {
          this.push(Buffer.alloc(64 * 1024));
        },
      });
      child.stdin.on('error', () => zeros.destroy()); // EPIPE once the CLI stops reading
      zeros.pipe(child.stdin);
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      const started = Date.now();
      const killer = setTimeout(() => child.kill('SIGKILL'), 15000);
      const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      clearTimeout(killer);
      zeros.destroy();
      assert.equal(status, 2, stderr);
      assert.ok(Date.now() - started < 10000, `took ${Date.now() - started} ms`);
      assert.match(stderr, /<stdin>: is larger than 8 MiB/);
    });
  });

  describe('links and the content of other files', () => {
    it('a symbolic link leaving the scanned directory is not followed and its target never printed', () => {
      const secret = write('outside/credentials', 'https://user:tok-9f8e7d6c5b4a@git.example.org\n');
      const dir = path.join(tmp, 'repo');
      const good = goodFile('repo');
      symlinkSync(secret, path.join(dir, 'imprivata-enterprise.yaml'));
      const { status, stdout, stderr } = runCli(['lint', dir]);
      assert.equal(status, 2);
      assert.equal(
        stderr,
        `imprivata-config: ${path.join(dir, 'imprivata-enterprise.yaml')}: is a symbolic link that leaves the scanned directory: not followed (name it on the command line to check it)\n`,
      );
      assertRestChecked(stdout, good);
      assert.ok(!(stdout + stderr).includes('tok-9f8e7d6c5b4a'));
      assert.ok(!(stdout + stderr).includes(secret), 'the link target is not named either');
    });

    it('a symbolic link inside the scanned directory is followed, and a file reached twice is checked once', () => {
      // Two names for one Imprivata Directory configuration: checked twice, IMP-IDP-002 would see two tenants
      // sharing one directory domain.
      const real = write('tree/sub/imprivata-enterprise.yaml', directoryTenant('tenant-a', 'shared'));
      symlinkSync(path.join('sub', 'imprivata-enterprise.yaml'), path.join(tmp, 'tree', 'imprivata-enterprise-link.yaml'));
      const { status, stdout } = runCli(['lint', path.join(tmp, 'tree'), real]);
      assert.equal(status, 0, stdout);
      assert.equal(stdout, '1 file checked: no problems.\n');
    });

    it('a dangling link or a link loop in a directory is reported; the rest is checked', () => {
      symlinkSync(path.join(tmp, 'gone.yaml'), path.join(tmp, 'imprivata-enterprise-dangling.yaml'));
      symlinkSync('imprivata-enterprise-loop.yaml', path.join(tmp, 'imprivata-enterprise-loop.yaml'));
      const good = goodFile('.');
      const { status, stdout, stderr } = runCli(['lint', tmp]);
      assert.equal(status, 2);
      assert.match(stderr, /imprivata-enterprise-dangling\.yaml: is a symbolic link to a file that does not exist\n/);
      assert.match(
        stderr,
        /imprivata-enterprise-loop\.yaml: is a symbolic link that cannot be followed: too many levels of symbolic links\n/,
      );
      assertRestChecked(stdout, good);
      assertNoStackTrace(stderr);
    });

    it('an unreadable file (mode 000) in a directory is reported; the rest is checked', () => {
      const locked = write('imprivata-enterprise-locked.yaml', CLEAR_TEXT_SMTP);
      chmodSync(locked, 0o000);
      const good = goodFile('.');
      // root reads any file whatever its mode: run as nobody then (the folder is theirs to read).
      const asRoot = process.getuid?.() === 0;
      if (asRoot) {
        chownSync(tmp, 65534, 65534);
        chownSync(good, 65534, 65534);
      }
      const { status, stdout, stderr } = runCli(['lint', tmp], asRoot ? { uid: 65534, gid: 65534, cwd: tmp } : { cwd: tmp });
      assert.equal(status, 2, stdout + stderr);
      assert.equal(stderr, `imprivata-config: ${path.join(tmp, 'imprivata-enterprise-locked.yaml')}: cannot be read: permission denied\n`);
      assertRestChecked(stdout, good);
    });

    // Issue 12 item 6: a document that is not a mapping is described by its kind, never quoted.
    it('/proc/self/environ behind a configuration name: no byte of it is printed, in any format', () => {
      const link = path.join(tmp, 'imprivata-enterprise.yaml');
      symlinkSync('/proc/self/environ', link);
      const marker = 'Marker-3b9c1e7f-aa42';
      for (const format of ['text', 'json', 'sarif', 'github']) {
        const { stdout, stderr } = runCli(['lint', '--format', format, link], { env: { ...process.env, IMPRIVATA_TEST_MARKER: marker } });
        assert.ok(!(stdout + stderr).includes(marker), `${format}: the environment leaked:\n${stdout}${stderr}`);
        assert.ok(!(stdout + stderr).includes('IMPRIVATA_TEST_MARKER'), format);
        assert.ok(!(stdout + stderr).includes('PATH='), format);
      }
    });

    it('a symbolic link to a text file that is not a configuration (/etc/passwd): none of its content is printed', () => {
      const passwd = write('outside/passwd', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
      const link = path.join(tmp, 'imprivata-enterprise.yaml');
      symlinkSync(passwd, link);
      for (const format of ['text', 'json', 'sarif', 'github']) {
        const { stdout, stderr } = runCli(['lint', '--format', format, link]);
        for (const piece of ['root:x', '/bin/bash', 'daemon', 'nologin'])
          assert.ok(!(stdout + stderr).includes(piece), `${format} printed "${piece}"`);
      }
    });
  });

  describe("the CLI's own errors", () => {
    it('--output onto an input file is refused (exit 2), by any path spelling, link or hard link; the file is unchanged', () => {
      const file = write('conf/imprivata-enterprise.yaml', CLEAR_TEXT_SMTP);
      symlinkSync(file, path.join(tmp, 'report-link.txt'));
      linkSync(file, path.join(tmp, 'report-hard.txt'));
      const spellings = [
        file,
        path.join(tmp, 'conf', '..', 'conf', 'imprivata-enterprise.yaml'),
        path.join(tmp, 'report-link.txt'),
        path.join(tmp, 'report-hard.txt'),
      ];
      for (const target of spellings) {
        for (const input of [file, path.join(tmp, 'conf')]) {
          const { status, stdout, stderr } = runCli(['lint', '--format', 'sarif', '--output', target, input]);
          assert.equal(status, 2, target);
          assert.equal(stdout, '');
          assert.match(
            stderr,
            /^imprivata-config: refusing to write the report to .+: it is an input of this run \(.+imprivata-enterprise\.yaml\) and would be overwritten\n$/,
          );
        }
      }
      // Standard input named after the file by --stdin-filename, too.
      const piped = runCli(['lint', '--output', file, '--stdin-filename', file, '-'], { input: CLEAR_TEXT_SMTP });
      assert.equal(piped.status, 2);
      assert.match(piped.stderr, /refusing to write the report to .+: it is an input of this run/);
      assert.equal(readFileSync(file, 'utf8'), CLEAR_TEXT_SMTP);
    });

    it('--output onto the project file of an input is refused too', () => {
      const project = write('proj/.imprivata-config.yaml', 'rules:\n  IMP-SMTP-003: off\n');
      write('proj/imprivata-enterprise.yaml', CLEAR_TEXT_SMTP);
      const { status, stderr } = runCli(['lint', '--output', project, path.join(tmp, 'proj')]);
      assert.equal(status, 2);
      assert.match(stderr, /refusing to write the report to .+\.imprivata-config\.yaml: it is an input of this run/);
      assert.equal(readFileSync(project, 'utf8'), 'rules:\n  IMP-SMTP-003: off\n');
    });

    it('a closed standard output (| head -1) ends quietly: no stack trace, the exit status of the run', async () => {
      // 4,000 findings: far more output than a pipe buffer holds.
      const hosts = Array.from({ length: 4000 }, (_, i) => `    - host${i}.bad_host`).join('\n');
      const file = write('imprivata-enterprise.yaml', `version: 1\nfirewall:\n  allowlist:\n${hosts}\n`);
      const child = spawn(process.execPath, [CLI, 'lint', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      // Read the first line, then close the pipe as `head -1` does.
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      assert.equal(stderr, '');
      assert.equal(status, 1);
    });

    it('a closed standard output through a real shell pipe: `| head -1` prints one line and no error', () => {
      const hosts = Array.from({ length: 4000 }, (_, i) => `    - host${i}.bad_host`).join('\n');
      const file = write('imprivata-enterprise.yaml', `version: 1\nfirewall:\n  allowlist:\n${hosts}\n`);
      const result = spawnSync(
        'sh',
        ['-c', '"$0" "$1" lint "$2" 2>"$3" | head -1', process.execPath, CLI, file, path.join(tmp, 'stderr.txt')],
        {
          encoding: 'utf8',
          timeout: 30000,
        },
      );
      assert.equal(result.stdout.split('\n').length, 2, result.stdout);
      assert.match(result.stdout, /IMP-HOST-005/);
      assert.equal(readFileSync(path.join(tmp, 'stderr.txt'), 'utf8'), '');
    });
  });
});
