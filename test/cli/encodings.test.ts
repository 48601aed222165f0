import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { decodeConfigBytes, firstInvalidUtf8 } from '../../server/src/node/input';
import { runCli } from './cli-process';

/** Issue 12 item 11: UTF-8 only; UTF-16 and invalid UTF-8 are one IMP-DOC-001 finding each, never decoded by guessing. */
describe('CLI input encodings', () => {
  const fixture = (name: string) => path.join('test/fixtures/cli/encodings', name);

  interface JsonFinding {
    file: string;
    line: number;
    column: number;
    code: string;
    severity: string;
    message: string;
  }

  function lintJson(file: string, ...extra: string[]): { status: number | null; findings: JsonFinding[] } {
    const { status, stdout } = runCli(['lint', '--format', 'json', ...extra, file]);
    return { status, findings: JSON.parse(stdout) as JsonFinding[] };
  }

  it('UTF-16 little-endian with a byte order mark: one finding, "save as UTF-8", exit 1', () => {
    const { status, findings } = lintJson(fixture('imprivata-enterprise-utf16le.yaml'));
    assert.equal(status, 1);
    assert.equal(findings.length, 1);
    assert.deepEqual([findings[0].code, findings[0].severity, findings[0].line, findings[0].column], ['IMP-DOC-001', 'error', 1, 1]);
    assert.match(findings[0].message, /^The file is UTF-16 \(little-endian\): .*Save the file as UTF-8/);
  });

  it('UTF-16 big-endian with a byte order mark: the same, naming big-endian', () => {
    const { status, findings } = lintJson(fixture('imprivata-enterprise-utf16be.yaml'));
    assert.equal(status, 1);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /^The file is UTF-16 \(big-endian\): .*Save the file as UTF-8/);
  });

  it('Latin-1 text: one finding at the first bad byte (line and column), nothing decoded, no other rule run', () => {
    const { status, stdout } = runCli(['lint', fixture('imprivata-enterprise-latin1.yaml')]);
    assert.equal(status, 1);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, stdout);
    // "  name: Caf\xe9 Health": the byte 0xE9 is column 12 of line 3 (byte offset 34).
    assert.match(
      lines[0],
      /^test\/fixtures\/cli\/encodings\/imprivata-enterprise-latin1\.yaml:3:12 error IMP-DOC-001 The file is not valid UTF-8: byte 0xE9 at line 3, column 12 \(byte offset 34\) .*Save the file as UTF-8/,
    );
    assert.ok(!stdout.includes('Café') && !stdout.includes('Caf\ufffd'), 'the text was decoded');
  });

  it('invalid UTF-8 after multi-byte characters: the column counts characters as the editor does', () => {
    // Line 2: "# \u201cquoted\u201d \u{1F600} then a lone continuation byte: \x80" (the emoji is 2 UTF-16 units).
    const { status, findings } = lintJson(fixture('imprivata-enterprise-invalid-utf8.yaml'));
    assert.equal(status, 1);
    assert.equal(findings.length, 1);
    const expectedColumn = '# \u201cquoted\u201d \u{1F600} then a lone continuation byte: '.length + 1;
    assert.deepEqual([findings[0].line, findings[0].column], [2, expectedColumn]);
    assert.match(findings[0].message, new RegExp(`byte 0x80 at line 2, column ${expectedColumn} \\(byte offset 62\\)`));
  });

  it('a UTF-8 byte order mark is fine: stripped, the file checked as usual', () => {
    const { status, stdout } = runCli(['lint', fixture('imprivata-enterprise-utf8-bom.yaml')]);
    assert.equal(status, 0, stdout);
    assert.equal(stdout, '1 file checked: no problems.\n');
  });

  it('the finding stays an error whatever --rule says: no rule could read the file', () => {
    for (const level of ['off', 'warning']) {
      const { status, findings } = lintJson(fixture('imprivata-enterprise-latin1.yaml'), '--rule', `IMP-DOC-001=${level}`);
      assert.equal(status, 1, level);
      assert.deepEqual(
        findings.map((f) => `${f.code} ${f.severity}`),
        ['IMP-DOC-001 error'],
      );
    }
  });

  it('standard input is held to the same: Latin-1 on stdin is one finding', () => {
    const { status, stdout } = runCli(['lint', '-'], { input: Buffer.from('version: 1\nenterprise:\n  name: Caf\xe9\n', 'latin1') });
    assert.equal(status, 1);
    assert.match(stdout, /^<stdin>:3:12 error IMP-DOC-001 The file is not valid UTF-8: byte 0xE9 /);
  });

  describe('decodeConfigBytes / firstInvalidUtf8 (the functions behind it)', () => {
    const bytes = (...values: number[]) => new Uint8Array(values);
    const cases: [string, Uint8Array, number][] = [
      ['ASCII', bytes(0x61, 0x62), 2],
      ['2-, 3- and 4-byte characters', bytes(0xc3, 0xa9, 0xe2, 0x80, 0x9c, 0xf0, 0x9f, 0x98, 0x80), 9],
      ['a stray continuation byte', bytes(0x61, 0x80), 1],
      ['an overlong form (C0 80)', bytes(0x61, 0xc0, 0x80), 1],
      ['an overlong 3-byte form (E0 80 80)', bytes(0xe0, 0x80, 0x80), 0],
      ['a UTF-16 surrogate (ED A0 80)', bytes(0x61, 0x62, 0xed, 0xa0, 0x80), 2],
      ['above U+10FFFF (F4 90 80 80)', bytes(0xf4, 0x90, 0x80, 0x80), 0],
      ['F5 and above never occur', bytes(0xf5), 0],
      ['a sequence cut by the end of the file', bytes(0x61, 0xe2, 0x80), 1],
      ['a lead byte followed by ASCII (Latin-1 "é.")', bytes(0xe9, 0x2e), 0],
    ];
    for (const [name, input, expected] of cases) {
      it(`${name}: ${expected === input.length ? 'valid' : `first bad byte at ${expected}`}`, () => {
        assert.equal(firstInvalidUtf8(input), expected);
        // Agrees with the platform's strict decoder on validity.
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(input);
        } catch {
          valid = false;
        }
        assert.equal(valid, expected === input.length);
      });
    }

    it('counts lines as LSP does (CRLF, CR, LF) before the bad byte', () => {
      const decoded = decodeConfigBytes(new Uint8Array(Buffer.from('a\r\nb\rc\nd\xff', 'latin1')));
      assert.equal(decoded.ok, false);
      if (!decoded.ok) assert.deepEqual(decoded.problem.range.start, { line: 3, character: 1 });
    });

    it('UTF-32 byte order marks are named as such', () => {
      const le = decodeConfigBytes(bytes(0xff, 0xfe, 0, 0, 0x61, 0, 0, 0));
      const be = decodeConfigBytes(bytes(0, 0, 0xfe, 0xff, 0, 0, 0, 0x61));
      assert.ok(!le.ok && le.problem.message.startsWith('The file is UTF-32 (little-endian)'));
      assert.ok(!be.ok && be.problem.message.startsWith('The file is UTF-32 (big-endian)'));
    });

    it('a UTF-8 byte order mark is stripped', () => {
      assert.deepEqual(decodeConfigBytes(bytes(0xef, 0xbb, 0xbf, 0x61)), { ok: true, text: 'a' });
    });
  });
});
