import { lstatSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import { parseProjectConfig, PROJECT_CONFIG_FILE_NAME } from '../core/project-config';
import type { ProjectConfig, ProjectConfigProblem } from '../core/project-config';
import { decodeConfigBytes, readRegularFile } from './input';

/**
 * Finding and reading the project file `.imprivata-config.yaml` on a real file system. The nearest one upward from
 * a configuration file applies (the search stops at the filesystem root, or at `stopAt`); files are not merged.
 * Parsing and validation are pure, in `server/src/core/project-config.ts`.
 */

export { PROJECT_CONFIG_FILE_NAME };
export type { ProjectConfig, ProjectConfigProblem };

/** A project file is a few lines; anything bigger is not one. */
const MAX_PROJECT_FILE_BYTES = 1024 * 1024;

export interface ProjectConfigLookup {
  /** Absolute path of the project file that applies; absent when there is none. */
  file?: string;
  /** The valid configuration; absent when there is no project file or it has problems. */
  config?: ProjectConfig;
  /** Why the project file that applies cannot be used (unreadable, not YAML, not valid against its schema). */
  problems?: ProjectConfigProblem[];
}

export interface LookupOptions {
  /**
   * Do not look above this directory (e.g. the workspace folder). Without it the search goes to the filesystem
   * root, as the CLI does.
   */
  stopAt?: string;
}

/**
 * The project configuration that applies to a configuration file (absolute path), or undefined when there is
 * none or it is invalid (then {@link lookUpProjectConfig} tells why). Cached by the project file's (path, size,
 * mtime, inode): calling it on every analysis costs a few `stat`s.
 *
 * Contract for the language server:
 * - Rule severities: `imprivata.rules` wins, per rule, over the file's `rules`
 *   (`{ ...config.rules, ...settings.rules }`).
 * - Restricted Mode: the file's `rules` apply (they only change severities), but its `files` patterns are not used
 *   to widen what is read; only the documents the editor opens and the default patterns are validated.
 * - Watching: {@link projectConfigFileFor} names the file that applied, so the server can re-validate when it
 *   changes; a new project file appearing nearer to the document is found by the next call (no negative cache).
 */
export function loadProjectConfigFor(configFilePath: string, options: LookupOptions = {}): ProjectConfig | undefined {
  return lookUpProjectConfig(configFilePath, options).config;
}

/** The project file that applies to a configuration file (absolute path), whether valid or not; for watching. */
export function projectConfigFileFor(configFilePath: string, options: LookupOptions = {}): string | undefined {
  return findProjectConfigFile(path.dirname(path.resolve(configFilePath)), options);
}

/** The project file that applies to a configuration file, with its configuration or its problems. */
export function lookUpProjectConfig(configFilePath: string, options: LookupOptions = {}): ProjectConfigLookup {
  const file = projectConfigFileFor(configFilePath, options);
  return file ? readProjectConfig(file) : {};
}

/** The nearest project file at or above `directory`, without caching (see {@link ProjectConfigResolver}). */
export function findProjectConfigFile(
  directory: string,
  options: LookupOptions = {},
  cache?: Map<string, string | null>,
): string | undefined {
  const stopAt = options.stopAt === undefined ? undefined : path.resolve(options.stopAt);
  const visited: string[] = [];
  let dir = path.resolve(directory);
  let found: string | undefined;
  for (;;) {
    const cached = cache?.get(dir);
    if (cached !== undefined) {
      found = cached ?? undefined;
      break;
    }
    visited.push(dir);
    const candidate = path.join(dir, PROJECT_CONFIG_FILE_NAME);
    // Any kind of entry counts as "found" (lstat: a dangling link too), so a FIFO or a directory under that name
    // is reported, not skipped.
    if (entryExists(candidate)) {
      found = candidate;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir || dir === stopAt) break;
    dir = parent;
  }
  for (const v of visited) cache?.set(v, found ?? null);
  return found;
}

function entryExists(candidate: string): boolean {
  try {
    return lstatSync(candidate, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false; // A directory we may not search holds nothing we could read.
  }
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  inode: number;
  lookup: ProjectConfigLookup;
}

const parsed = new Map<string, CacheEntry>();

/** Reads and validates one project file (absolute path), cached by (path, size, mtime, inode). */
export function readProjectConfig(projectFile: string): ProjectConfigLookup {
  let stat: Stats | undefined;
  try {
    stat = statSync(projectFile, { throwIfNoEntry: false });
  } catch {
    stat = undefined; // Not cached; readRegularFile below says why it cannot be read.
  }
  const cached = parsed.get(projectFile);
  if (stat && cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs && cached.inode === stat.ino) return cached.lookup;

  const lookup = readUncached(projectFile);
  if (stat) parsed.set(projectFile, { size: stat.size, mtimeMs: stat.mtimeMs, inode: stat.ino, lookup });
  else parsed.delete(projectFile);
  return lookup;
}

function readUncached(projectFile: string): ProjectConfigLookup {
  const atStart = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const read = readRegularFile(projectFile, MAX_PROJECT_FILE_BYTES);
  if (!read.ok) return { file: projectFile, problems: [{ range: atStart, message: `The project file ${read.reason}.` }] };
  const decoded = decodeConfigBytes(read.bytes);
  if (!decoded.ok) return { file: projectFile, problems: [{ range: decoded.problem.range, message: decoded.problem.message }] };
  const result = parseProjectConfig(decoded.text, projectFile);
  return result.ok ? { file: projectFile, config: result.config } : { file: projectFile, problems: result.problems };
}

/**
 * Project file lookups for one run (the CLI): the upward search is cached per directory, so a thousand files in
 * one folder cost one search.
 */
export class ProjectConfigResolver {
  private readonly directories = new Map<string, string | null>();
  private readonly invalid = new Map<string, ProjectConfigLookup>();

  constructor(private readonly options: LookupOptions = {}) {}

  /** The project file for the files of `directory` (absolute or relative to the working directory). */
  forDirectory(directory: string): ProjectConfigLookup {
    const file = findProjectConfigFile(directory, this.options, this.directories);
    if (!file) return {};
    const lookup = readProjectConfig(file);
    if (lookup.problems) this.invalid.set(file, lookup);
    return lookup;
  }

  /** Every project file met so far that has problems, once each, in the order met. */
  lookupsWithProblems(): ProjectConfigLookup[] {
    return [...this.invalid.values()];
  }

  forFile(filePath: string): ProjectConfigLookup {
    return this.forDirectory(path.dirname(path.resolve(filePath)));
  }
}
