import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigDocument } from '../core/document';
import { summarize } from '../core/analyze';
import type { WorkspaceEntry } from '../core/rules/rule';
import { statPath } from '../node/files';
import { decodeConfigBytes, readRegularFile } from '../node/input';
import { fileGlobMatcher } from '../core/file-globs';

const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-test']);
/** Stop scanning a huge workspace after this many directories: the index is a convenience, not a crawler. */
const MAX_DIRS = 20000;

/**
 * The configuration files of the workspace, by absolute path, as the workspace rule (IMP-IDP-002) needs them.
 *
 * The scan only finds the files; each is read and parsed the first time the analysis of another file needs it
 * (`others`). The file a user opens is the one an editor starts on: read at the scan, a 1 MB file was parsed twice
 * before its first diagnostics (from disk for the index, then the editor's text), and its own analysis never needs
 * it from disk (it is summarized from the open text, `update`).
 */
export class WorkspaceIndex {
  /** In scan order; undefined: found by a scan, not read yet. */
  private readonly entries = new Map<string, WorkspaceEntry | undefined>();

  /** `onSkip`: told about a file that was found but cannot be read (why, for the log), when it is first read. */
  constructor(
    private globs: string[],
    private readonly onSkip: (filePath: string, why: string) => void = () => undefined,
  ) {}

  setGlobs(globs: string[]): void {
    this.globs = globs;
  }

  matches(filePath: string): boolean {
    const normalized = filePath.split(path.sep).join('/');
    return fileGlobMatcher(this.globs)(normalized);
  }

  /**
   * Scans folders for matching files (read later, see the class comment); returns how many were found. Matching
   * names that are not regular files (a FIFO, a socket, a device) are passed to `onSkip` with the reason, never
   * opened.
   */
  scan(folders: string[]): number {
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
          if (!this.entries.has(full)) this.entries.set(full, undefined);
        } else if (!entry.isSymbolicLink() && this.matches(full)) {
          this.onSkip(full, 'is not a regular file: only regular files are read');
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
    const read = this.readSummary(filePath);
    if (typeof read === 'string') return read;
    if (read) this.entries.set(filePath, read);
    return undefined;
  }

  /**
   * Returns whether what other files see of this one changed. A file found by the scan and not read yet has been
   * seen by no analysis since (each reads every other file), so its first summary changes nothing for them.
   */
  update(entry: WorkspaceEntry): boolean {
    const found = this.entries.has(entry.filePath);
    const before = this.entries.get(entry.filePath);
    this.entries.set(entry.filePath, entry);
    if (found && !before) return false;
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

  /** The other files' summaries (those found by a scan are read now, the first time one is needed). */
  others(filePath: string | undefined): WorkspaceEntry[] {
    const others: WorkspaceEntry[] = [];
    for (const [otherPath, entry] of this.entries) {
      if (otherPath === filePath) continue;
      if (entry) {
        others.push(entry);
        continue;
      }
      // Read where the scan put it (refreshFromDisk would move it to the end): the order other files are named in
      // stays the scan's.
      const read = this.readSummary(otherPath);
      if (typeof read === 'string') {
        this.entries.delete(otherPath);
        this.onSkip(otherPath, read);
      } else if (read) {
        this.entries.set(otherPath, read);
        others.push(read);
      } else this.entries.delete(otherPath);
    }
    return others;
  }

  /** The summary of a file on disk; a string: why it cannot be read; undefined: it is gone. */
  private readSummary(filePath: string): WorkspaceEntry | string | undefined {
    if (!statPath(filePath)) return undefined;
    const read = readRegularFile(filePath);
    if (!read.ok) return read.reason;
    const decoded = decodeConfigBytes(read.bytes);
    // A file that is not UTF-8 says nothing to other files; its own analysis, when opened, says what is wrong.
    if (!decoded.ok) return 'it is not UTF-8 text';
    return summarize(new ConfigDocument(decoded.text, filePath));
  }
}
