import { readFileSync, statSync } from 'node:fs';
import type { FileReader } from '../core/rules/rule';

/** The core's file port on a real file system. */
export const nodeFileReader: FileReader = {
  read(absolutePath: string): Uint8Array | undefined {
    try {
      if (!statSync(absolutePath).isFile()) return undefined;
      // A copy with its own ArrayBuffer: small files are read into a slice of Node's shared buffer pool, and a
      // parser that reads past the end of a truncated file through the ArrayBuffer would see other data.
      return new Uint8Array(readFileSync(absolutePath));
    } catch {
      return undefined;
    }
  },
};
