import { readdirSync, realpathSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import { projectFilesMatch } from '../core/project-config';
import type { ProjectConfig } from '../core/project-config';
import { describeIoError } from '../node/input';
import type { ProjectConfigResolver } from '../node/project-config';
import { withThousandsSeparators } from '../core/digit-grouping';

/** Which command-line inputs stand for which files: directories are scanned, `-` is standard input. */

export interface InputFile {
  kind: 'file' | 'stdin';
  /** As shown in reports: as given, or joined to the directory as given. */
  display: string;
  /** Absolute path: read from it, resolve the logo against it. Absent for unnamed standard input. */
  absolute?: string;
}

/** An input that was not checked, and why (never the file's content). Makes the exit status 2. */
export interface SkippedInput {
  display: string;
  reason: string;
}

export interface CollectedInputs {
  files: InputFile[];
  skipped: SkippedInput[];
}

/** The default names a directory stands for, without a project file's `files`. */
export const DEFAULT_FILE_NAME = /^imprivata-enterprise.*\.ya?ml$/s;
/** Never descended into by a recursive scan (tools' folders, not configuration). */
const SKIP_DIRS = new Set(['node_modules', '.git']);
/** A recursive scan stops after this many directories, and says so. */
export const MAX_SCANNED_DIRS = 20000;

export function collectInputs(inputs: string[], projects: ProjectConfigResolver, cwd: string, stdinFilename?: string): CollectedInputs {
  const files: InputFile[] = [];
  const skipped: SkippedInput[] = [];
  const seen = new Set<string>();
  const add = (file: InputFile) => {
    // The same file named twice (or found through a link) is checked once: IMP-IDP-002 would otherwise see
    // two tenants sharing one directory domain.
    const key = file.absolute === undefined ? '-' : realPathOr(file.absolute);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const input of inputs) {
    if (input === '-') {
      add({
        kind: 'stdin',
        display: stdinFilename ?? '<stdin>',
        absolute: stdinFilename === undefined ? undefined : path.resolve(cwd, stdinFilename),
      });
      continue;
    }
    const absolute = path.resolve(cwd, input);
    let isDirectory = false;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      // Not there, or not reachable: reading it says why, in the same words as for any other file.
    }
    if (!isDirectory) {
      add({ kind: 'file', display: input, absolute });
      continue;
    }
    const lookup = projects.forDirectory(absolute);
    if (lookup.problems) {
      skipped.push({
        display: input,
        reason: `not scanned: its project file ${shown(lookup.file ?? '', cwd)} has problems (listed above)`,
      });
      continue;
    }
    scanDirectory(input, absolute, lookup.config, add, skipped);
  }
  return { files, skipped };
}

/**
 * Without a project file's `files`: the `imprivata-enterprise*.yaml|yml` entries of the directory itself. With
 * them: every file below the directory that a pattern matches. Symbolic links are followed only to files inside
 * the scanned directory; links to directories are not descended into.
 */
function scanDirectory(
  display: string,
  absolute: string,
  project: ProjectConfig | undefined,
  add: (file: InputFile) => void,
  skipped: SkippedInput[],
): void {
  const recursive = project?.files !== undefined;
  const matches = (full: string, name: string) => (recursive && project ? projectFilesMatch(project, full) : DEFAULT_FILE_NAME.test(name));
  const root = realPathOr(absolute);
  let found = 0;
  let dirs = 0;
  const queue: { display: string; absolute: string }[] = [{ display, absolute }];
  while (queue.length) {
    if (dirs === MAX_SCANNED_DIRS) {
      skipped.push({
        display,
        reason: `the scan stopped after ${withThousandsSeparators(MAX_SCANNED_DIRS)} directories; name the folders to check`,
      });
      break;
    }
    const dir = queue.shift() as { display: string; absolute: string };
    dirs++;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.absolute, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      skipped.push({ display: dir.display, reason: `the directory cannot be read: ${describeIoError(error)}` });
      continue;
    }
    for (const entry of entries) {
      const entryDisplay = path.join(dir.display, entry.name);
      const entryAbsolute = path.join(dir.absolute, entry.name);
      if (entry.isDirectory()) {
        if (recursive && !SKIP_DIRS.has(entry.name)) queue.push({ display: entryDisplay, absolute: entryAbsolute });
        else if (!recursive && matches(entryAbsolute, entry.name)) {
          skipped.push({ display: entryDisplay, reason: 'is a directory, not a file' });
          found++;
        }
        continue;
      }
      if (!matches(entryAbsolute, entry.name)) continue;
      found++;
      if (entry.isFile()) {
        add({ kind: 'file', display: entryDisplay, absolute: entryAbsolute });
      } else if (entry.isSymbolicLink()) {
        const verdict = followLink(entryAbsolute, root);
        if (verdict) skipped.push({ display: entryDisplay, reason: verdict });
        else add({ kind: 'file', display: entryDisplay, absolute: entryAbsolute });
      } else {
        skipped.push({
          display: entryDisplay,
          reason: `is ${kindOf(entry)}, not a regular file: only regular files are read (reading a pipe or a device can block or never end)`,
        });
      }
    }
  }
  if (found === 0) {
    skipped.push({
      display,
      reason: recursive
        ? 'no files in this directory match the `files` patterns of its project file'
        : 'no imprivata-enterprise*.yaml or *.yml files in this directory',
    });
  }
}

/** Undefined when the link may be followed (to a file inside the scanned tree); otherwise why not. */
function followLink(link: string, root: string): string | undefined {
  let target: string;
  try {
    target = realpathSync(link);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === 'ENOENT'
      ? 'is a symbolic link to a file that does not exist'
      : `is a symbolic link that cannot be followed: ${describeIoError(error)}`;
  }
  if (target !== root && !target.startsWith(root + path.sep)) {
    return 'is a symbolic link that leaves the scanned directory: not followed (name it on the command line to check it)';
  }
  return undefined; // Special files behind the link are refused when read, with the reason.
}

function kindOf(entry: Dirent): string {
  if (entry.isFIFO()) return 'a named pipe (FIFO)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function realPathOr(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** A path as people read it: relative to the working directory when inside it. */
export function shown(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
