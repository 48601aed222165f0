import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { ConfigDocument } from '../core/document';
import { summarize } from '../core/analyze';
import type { WorkspaceEntry } from '../core/rules/rule';
import { statPath } from '../node/files';
import { decodeConfigBytes, readRegularFile } from '../node/input';

const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-test']);
/** Stop scanning a huge workspace after this many directories: the index is a convenience, not a crawler. */
const MAX_DIRS = 20000;

/** The configuration files of the workspace, by absolute path, as the workspace rule (IMP-IDP-002) needs them. */
export class WorkspaceIndex {
  private readonly entries = new Map<string, WorkspaceEntry>();

  constructor(private globs: string[]) {}

  setGlobs(globs: string[]): void {
    this.globs = globs;
  }

  matches(filePath: string): boolean {
    const normalized = filePath.split(path.sep).join('/');
    return this.globs.some((glob) => minimatch(normalized, glob, { dot: true, matchBase: !glob.includes('/') }));
  }

  /**
   * Scans folders for matching files; returns how many were found. Matching names that are not regular files
   * (a FIFO, a socket, a device) or that cannot be read are passed to `onSkip` with the reason, never opened.
   */
  scan(folders: string[], onSkip: (filePath: string, why: string) => void = () => undefined): number {
    let dirs = 0;
    const queue = [...folders];
    while (queue.length && dirs < MAX_DIRS) {
      const dir = queue.shift() as string;
      dirs++;
      let names: import('node:fs').Dirent[];
      try {
        names = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of names) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name)) queue.push(full);
        } else if (entry.isFile() && this.matches(full)) {
          const skipped = this.refreshFromDisk(full);
          if (skipped) onSkip(full, skipped);
        } else if (!entry.isSymbolicLink() && this.matches(full)) {
          onSkip(full, 'is not a regular file: only regular files are read');
        }
      }
    }
    return this.entries.size;
  }

  /**
   * Reads a configuration file again. Only a regular file of at most MAX_INPUT_BYTES is read (a file event or a
   * closed document may name a FIFO, which would block the server for good, or a device that never ends); returns
   * why a file that exists was skipped, for the log.
   */
  refreshFromDisk(filePath: string): string | undefined {
    this.entries.delete(filePath);
    if (!statPath(filePath)) return undefined;
    const read = readRegularFile(filePath);
    if (!read.ok) return read.reason;
    const decoded = decodeConfigBytes(read.bytes);
    // A file that is not UTF-8 says nothing to other files; its own analysis, when opened, says what is wrong.
    if (!decoded.ok) return 'it is not UTF-8 text';
    this.entries.set(filePath, summarize(new ConfigDocument(decoded.text, filePath)));
    return undefined;
  }

  /** Returns whether what other files see of this one changed. */
  update(entry: WorkspaceEntry): boolean {
    const before = this.entries.get(entry.filePath);
    this.entries.set(entry.filePath, entry);
    return (
      !before ||
      before.tenantId !== entry.tenantId ||
      before.directoryDomain !== entry.directoryDomain ||
      before.identityProviderType !== entry.identityProviderType
    );
  }

  delete(filePath: string): void {
    this.entries.delete(filePath);
  }

  /** Forgets the files of a folder that left the workspace (or all files, before a rescan). */
  forget(folder?: string): void {
    for (const filePath of [...this.entries.keys()]) {
      if (folder === undefined || filePath.startsWith(folder + path.sep)) this.entries.delete(filePath);
    }
  }

  others(filePath: string | undefined): WorkspaceEntry[] {
    return [...this.entries.values()].filter((e) => e.filePath !== filePath);
  }
}
