import { readFileSync, statSync } from 'node:fs';
import type { FileReader } from '../core/rules/rule';

/** The core's file port on a real file system. Reads at most `limit` bytes more than the logo limit needs. */
export const nodeFileReader: FileReader = {
  read(absolutePath: string): Uint8Array | undefined {
    try {
      if (!statSync(absolutePath).isFile()) return undefined;
      return readFileSync(absolutePath);
    } catch {
      return undefined;
    }
  },
};
