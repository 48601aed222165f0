/**
 * The core's file port (`FileReader`) on a real file system: what is at a path, and the first bytes of a regular
 * file. A repository is untrusted input, so the logo's path may name a FIFO (opening it for reading blocks until a
 * writer appears), a device (`/dev/zero` never ends), a directory or a huge file: only regular files are opened,
 * never beyond the bytes asked for, and never in a way that can block. Whole configuration files: input.ts.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import type { FileKind, FileReader, FileStat } from '../core/rules/rule';

/**
 * O_NONBLOCK: if the path was swapped for a FIFO between the check and the open, the open returns at once instead
 * of waiting for a writer (fstat then rejects it). Ignored for regular files. Not defined on Windows, where there
 * are no FIFOs to fear at a file path.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

function kindOf(stats: Stats): FileKind {
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

/**
 * The first `maxBytes` bytes of a regular file, or undefined. The same checks as `readRegularFile` (input.ts), for a
 * prefix instead of a whole file: stat before opening, a non-blocking open (a FIFO swapped in meanwhile does not
 * block), fstat on the opened descriptor, and a read that stops at `maxBytes` whatever the file claims or does.
 */
export function readHeader(absolutePath: string, maxBytes: number): Uint8Array | undefined {
  try {
    if (!statSync(absolutePath).isFile()) return undefined;
  } catch {
    return undefined;
  }
  let fd: number;
  try {
    fd = openSync(absolutePath, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return undefined;
    // Sized from fstat, grown when the file holds more than it said (files under /proc say 0), never past maxBytes.
    let buffer = new Uint8Array(Math.min(maxBytes, opened.size + 1));
    let length = 0;
    while (length < maxBytes) {
      if (length === buffer.length) {
        const grown = new Uint8Array(Math.min(maxBytes, Math.max(buffer.length * 2, 4096)));
        grown.set(buffer);
        buffer = grown;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, length);
      if (read === 0) break;
      length += read;
    }
    // A copy of exactly the bytes read: a parser must never see bytes past the end of the file.
    return buffer.slice(0, length);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The core's file port on a real file system. */
export const nodeFileReader: FileReader = {
  stat: statPath,
  readHeader,
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
