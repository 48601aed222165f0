import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import type { Range } from '../core/types';
import { withThousandsSeparators } from '../core/digit-grouping';

/**
 * Safe reading of input files: a repository is untrusted input, and a pull request can ship a named pipe, a
 * symlink to /dev/zero or to /etc/passwd under our file name. Only regular files are opened, never more than a
 * size cap is read, and no reason given for a refusal ever contains a byte of the file.
 */

/** The most a configuration file may hold. The largest realistic file is a few hundred KiB; 8 MiB leaves room. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

export type InputRead =
  | { ok: true; bytes: Uint8Array; device: number; inode: number }
  /**
   * `reason` is words for people (what the file is, why it was not read); never content. `tooLarge`: refused for its
   * size alone (`bytes` when known: a pipe's is not).
   */
  | { ok: false; reason: string; tooLarge?: { bytes?: number } };

/**
 * Reads a file only if it is a regular file of at most `maxBytes`. Checked with `stat` before opening (a FIFO
 * would block `open`, a device would never end), then opened non-blocking and checked again with `fstat` on the
 * opened descriptor, so a file swapped for a FIFO in between is still refused; the read itself stops at the cap
 * whatever the size claimed (files under /proc report 0).
 */
export function readRegularFile(filePath: string, maxBytes = MAX_INPUT_BYTES): InputRead {
  let stat: Stats;
  try {
    stat = statSync(filePath);
  } catch (error) {
    return { ok: false, reason: statFailure(filePath, error) };
  }
  const refusal = refuseStat(stat, maxBytes);
  if (refusal) return { ok: false, reason: refusal, tooLarge: tooLargeStat(stat, maxBytes) };

  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO that replaced the file since the stat returns at once instead of waiting for a
    // writer. O_NOCTTY: a terminal device never becomes our controlling terminal. Both are 0 where undefined.
    fd = openSync(filePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    return { ok: false, reason: ioFailure(error) };
  }
  try {
    const opened = fstatSync(fd);
    const late = refuseStat(opened, maxBytes);
    if (late) return { ok: false, reason: late, tooLarge: tooLargeStat(opened, maxBytes) };
    const bytes = readCapped(fd, opened.size, maxBytes);
    if (!bytes) return { ok: false, reason: tooLarge(maxBytes), tooLarge: {} };
    return { ok: true, bytes, device: opened.dev, inode: opened.ino };
  } catch (error) {
    return { ok: false, reason: ioFailure(error) };
  } finally {
    closeSync(fd);
  }
}

/** Standard input, up to `maxBytes` (a pipe has no size to check beforehand). */
export async function readStandardInput(maxBytes = MAX_INPUT_BYTES, stream: NodeJS.ReadableStream = process.stdin): Promise<InputRead> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      total += buffer.length;
      if (total > maxBytes) {
        // Stop reading: whatever is still coming (a `cat /dev/zero |`) is not our business.
        (stream as NodeJS.ReadStream).destroy?.();
        return { ok: false, reason: tooLarge(maxBytes), tooLarge: {} };
      }
      chunks.push(buffer);
    }
  } catch (error) {
    return { ok: false, reason: ioFailure(error) };
  }
  return { ok: true, bytes: new Uint8Array(Buffer.concat(chunks)), device: -1, inode: -1 };
}

/** What kind of thing a non-regular file is, in words. */
export function describeFileKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function tooLargeStat(stat: Stats, maxBytes: number): { bytes: number } | undefined {
  return stat.isFile() && stat.size > maxBytes ? { bytes: stat.size } : undefined;
}

function refuseStat(stat: Stats, maxBytes: number): string | undefined {
  if (stat.isDirectory()) return 'is a directory, not a file';
  if (!stat.isFile()) {
    return `is ${describeFileKind(stat)}, not a regular file: only regular files are read (reading a pipe or a device can block or never end)`;
  }
  if (stat.size > maxBytes) return `${tooLarge(maxBytes)} (${withThousandsSeparators(stat.size)} bytes)`;
  return undefined;
}

function tooLarge(maxBytes: number): string {
  return `is larger than ${formatBytes(maxBytes)}, the most a configuration file may hold: not read`;
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${withThousandsSeparators(bytes)} bytes`;
}

/** Reads to the end or to the cap. Returns undefined when the file holds more than `maxBytes`. */
function readCapped(fd: number, sizeHint: number, maxBytes: number): Uint8Array | undefined {
  let buffer = Buffer.allocUnsafe(Math.min(Math.max(sizeHint + 1, 64 * 1024), maxBytes + 1));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (buffer.length > maxBytes) return undefined;
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  if (length > maxBytes) return undefined;
  // A copy with its own ArrayBuffer, exactly as long as the content.
  return new Uint8Array(buffer.subarray(0, length));
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function statFailure(filePath: string, error: unknown): string {
  if (errorCode(error) === 'ENOENT') {
    try {
      if (lstatSync(filePath).isSymbolicLink()) return 'is a symbolic link to a file that does not exist';
    } catch {
      // Not even the link exists.
    }
  }
  return ioFailure(error);
}

/** Our words for a failed read: the error code put in words, never the library's text. */
export function ioFailure(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'no such file or directory (a part of the path is not a directory)';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return `cannot be read: ${describeIoError(error)}`;
  }
}

/** A failed file operation's cause in words (read or write), from its error code. */
export function describeIoError(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EISDIR':
      return 'it is a directory';
    case 'EAGAIN':
      return 'it would block (not a regular file)';
    case 'EIO':
      return 'input/output error';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return code ? `system error ${code}` : 'unknown error';
  }
}

export type DecodedText = { ok: true; text: string } | { ok: false; problem: EncodingProblem };

export interface EncodingProblem {
  /** Where the problem starts, as LSP counts (0-based line, UTF-16 character). */
  range: Range;
  /** For people: what is wrong, where, and how to fix it. Names byte values, never decoded content. */
  message: string;
}

const SAVE_AS_UTF8 =
  'Save the file as UTF-8 (in VS Code: click the encoding in the status bar, "Save with Encoding", "UTF-8"). The file was not checked.';

/**
 * Configuration files are UTF-8. A UTF-8 byte order mark is accepted and stripped; a UTF-16 or UTF-32 byte order
 * mark, or a byte sequence that is not UTF-8 (Latin-1 and Windows-1252 text), is one problem, never decoded by
 * guessing.
 */
export function decodeConfigBytes(bytes: Uint8Array): DecodedText {
  const wide = wideEncoding(bytes);
  if (wide) {
    return {
      ok: false,
      problem: {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: `The file is ${wide}: it starts with that encoding's byte order mark, and configuration files are read as UTF-8 only. ${SAVE_AS_UTF8}`,
      },
    };
  }
  try {
    // ignoreBOM: false (the default) strips a UTF-8 byte order mark.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const start = endPosition(prefix);
    const byte = bytes[bad] ?? 0;
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    return {
      ok: false,
      problem: {
        range: { start, end: { line: start.line, character: start.character + 1 } },
        message:
          `The file is not valid UTF-8: byte ${hex} at line ${start.line + 1}, column ${start.character + 1} (byte offset ${bad}) ` +
          `is not part of a valid UTF-8 character. Configuration files are read as UTF-8 only; editors set to Latin-1 or Windows-1252 ` +
          `write such bytes for accented letters and typographic quotes. ${SAVE_AS_UTF8}`,
      },
    };
  }
}

function wideEncoding(bytes: Uint8Array): string | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xff && b1 === 0xfe) return b2 === 0 && b3 === 0 ? 'UTF-32 (little-endian)' : 'UTF-16 (little-endian)';
  if (b0 === 0xfe && b1 === 0xff) return 'UTF-16 (big-endian)';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'UTF-32 (big-endian)';
  return undefined;
}

/**
 * Offset of the first byte that begins an ill-formed UTF-8 sequence (Unicode table 3-7: no overlong forms, no
 * surrogates, nothing above U+10FFFF); `bytes.length` when every byte is well-formed.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b === 0xe0) [need, low] = [2, 0xa0];
    else if (b === 0xed) [need, high] = [2, 0x9f];
    else if (b >= 0xe1 && b <= 0xef) need = 2;
    else if (b === 0xf0) [need, low] = [3, 0x90];
    else if (b === 0xf4) [need, high] = [3, 0x8f];
    else if (b >= 0xf1 && b <= 0xf3) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const [lo, hi] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/** The position just after `text`, counting line breaks as LSP does (`\r\n`, `\r`, `\n`). */
function endPosition(text: string): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: text.length - lineStart };
}

/**
 * A configuration file's text, for the commands that read one named file (preflight, allowlist): a regular file
 * of at most the size cap, in UTF-8. `reason` is words for people, never content.
 */
export function readConfigText(filePath: string): { ok: true; text: string } | { ok: false; reason: string } {
  const read = readRegularFile(filePath);
  if (!read.ok) return read;
  const decoded = decodeConfigBytes(read.bytes);
  return decoded.ok ? { ok: true, text: decoded.text } : { ok: false, reason: decoded.problem.message };
}
