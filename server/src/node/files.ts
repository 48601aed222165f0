/**
 * Reading files safely on a real file system: the core's `FileReader` port, and the bounded read of configuration
 * files the language server re-reads from disk. A repository is untrusted input, so a path may name a FIFO (opening
 * it for reading blocks until a writer appears), a device (`/dev/zero` never ends), a directory or a huge file:
 * only regular files are opened, never beyond a byte limit, and never in a way that can block.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { FILE_KIND_NAMES } from '../core/rules/logo/logo-file';
import type { FileKind, FileReader, FileStat } from '../core/rules/rule';

/** Configuration files larger than this are not read from disk (the largest real one is a few KB). */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/**
 * O_NONBLOCK: if the path was swapped for a FIFO between the check and the open, the open returns at once instead
 * of waiting for a writer (fstat then rejects it). Ignored for regular files. Not defined on Windows, where there
 * are no FIFOs to fear at a file path.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export function kindOf(stats: Stats): FileKind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return 'other';
}

/** What a path names (symbolic links followed), without opening it; undefined when nothing is there. */
export function statPath(absolutePath: string): FileStat | undefined {
  try {
    const stats = statSync(absolutePath);
    return { kind: kindOf(stats), size: stats.size, mtimeMs: stats.mtimeMs };
  } catch {
    return undefined;
  }
}

/** Why a file was not read. */
export type SkipReason =
  | { kind: 'missing' }
  | { kind: 'not-regular'; fileKind: FileKind }
  | { kind: 'too-large'; size: number; limit: number }
  | { kind: 'unreadable'; code: string };

export type BoundedRead = { ok: true; bytes: Uint8Array; size: number } | { ok: false; reason: SkipReason };

/** Why a file was skipped, for a log line or a message (never the file's content). */
export function describeSkip(reason: SkipReason): string {
  switch (reason.kind) {
    case 'missing':
      return 'it does not exist';
    case 'not-regular':
      return `it is ${FILE_KIND_NAMES[reason.fileKind]}, not a regular file`;
    case 'too-large':
      return `it is ${reason.size.toLocaleString('en-US')} bytes, more than the ${reason.limit.toLocaleString('en-US')} read at most`;
    case 'unreadable':
      return `it cannot be read (${reason.code})`;
  }
}

/**
 * Reads a regular file of at most `maxBytes` bytes (`wholeFile`), or only its first `maxBytes` bytes (a header).
 * Checked with stat before opening and with fstat after (the path may change in between), opened without blocking,
 * read in a loop that stops at `maxBytes` whatever the file does meanwhile.
 */
export function readBounded(absolutePath: string, maxBytes: number, mode: 'wholeFile' | 'header'): BoundedRead {
  let before: Stats;
  try {
    before = statSync(absolutePath);
  } catch (error) {
    return { ok: false, reason: errorReason(error) };
  }
  if (!before.isFile()) return { ok: false, reason: { kind: 'not-regular', fileKind: kindOf(before) } };
  if (mode === 'wholeFile' && before.size > maxBytes)
    return { ok: false, reason: { kind: 'too-large', size: before.size, limit: maxBytes } };
  let fd: number;
  try {
    fd = openSync(absolutePath, OPEN_FLAGS);
  } catch (error) {
    return { ok: false, reason: errorReason(error) };
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { ok: false, reason: { kind: 'not-regular', fileKind: kindOf(opened) } };
    if (mode === 'wholeFile' && opened.size > maxBytes) {
      return { ok: false, reason: { kind: 'too-large', size: opened.size, limit: maxBytes } };
    }
    // One byte more than allowed tells a file that grew past the limit since fstat from one that did not.
    const limit = mode === 'wholeFile' ? maxBytes + 1 : maxBytes;
    // Sized from fstat, grown when the file holds more than it said (files under /proc say 0), never past `limit`.
    let buffer = new Uint8Array(Math.min(limit, opened.size + 1));
    let length = 0;
    while (length < limit) {
      if (length === buffer.length) {
        const grown = new Uint8Array(Math.min(limit, Math.max(buffer.length * 2, 4096)));
        grown.set(buffer);
        buffer = grown;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, length);
      if (read === 0) break;
      length += read;
    }
    if (mode === 'wholeFile' && length > maxBytes) {
      return { ok: false, reason: { kind: 'too-large', size: Math.max(opened.size, length), limit: maxBytes } };
    }
    // A copy of exactly the bytes read: a parser must never see bytes past the end of the file.
    return { ok: true, bytes: buffer.slice(0, length), size: opened.size };
  } catch (error) {
    return { ok: false, reason: errorReason(error) };
  } finally {
    closeSync(fd);
  }
}

function errorReason(error: unknown): SkipReason {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';
  return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'unreadable', code };
}

/** A configuration file as text, or why it was skipped. Invalid UTF-8 is replaced, as `readFileSync(..., 'utf8')` does. */
export function readConfigFile(absolutePath: string): { ok: true; text: string } | { ok: false; reason: SkipReason } {
  const read = readBounded(absolutePath, MAX_CONFIG_BYTES, 'wholeFile');
  if (!read.ok) return read;
  return { ok: true, text: Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength).toString('utf8') };
}

/** The core's file port on a real file system. */
export const nodeFileReader: FileReader = {
  stat: statPath,
  readHeader(absolutePath: string, maxBytes: number): Uint8Array | undefined {
    const read = readBounded(absolutePath, maxBytes, 'header');
    return read.ok ? read.bytes : undefined;
  },
};

/** Size, time and kind of a file as one comparable string; '' when nothing is there. */
export function fileStamp(stat: FileStat | undefined): string {
  return stat ? `${stat.kind}:${stat.size}:${stat.mtimeMs}` : '';
}

/**
 * The file port for one analysis, recording every path it was asked about and what it found there, so the server
 * knows which files a result depends on (re-validate when one changes) without guessing from the document.
 */
export class RecordingFileReader implements FileReader {
  private readonly seen = new Map<string, string>();

  constructor(private readonly inner: FileReader = nodeFileReader) {}

  stat(absolutePath: string): FileStat | undefined {
    const stat = this.inner.stat(absolutePath);
    this.seen.set(absolutePath, fileStamp(stat));
    return stat;
  }

  readHeader(absolutePath: string, maxBytes: number): Uint8Array | undefined {
    if (!this.seen.has(absolutePath)) this.seen.set(absolutePath, fileStamp(this.inner.stat(absolutePath)));
    return this.inner.readHeader(absolutePath, maxBytes);
  }

  /** Path -> the stamp it had when read (see `fileStamp`). */
  dependencies(): ReadonlyMap<string, string> {
    return this.seen;
  }
}
