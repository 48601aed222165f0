/**
 * The project file's `files` patterns (`.imprivata-config.yaml`) as document selector patterns, so that the client
 * sends the documents they name to the server, as it does for `imprivata.files`. Only in a trusted workspace: in
 * Restricted Mode a repository must not widen what the extension reads (the server ignores them there too).
 *
 * The client is generous (every project file's patterns, the file read without validation); the server decides
 * precisely which documents are configurations (the nearest valid project file applies, server/src/core/
 * project-config.ts), so a document selected here but not there gets nothing.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';

export const PROJECT_FILE_GLOB = '**/.imprivata-config.yaml';
/** A project file is a few lines: a bigger one is not read (the server says what is wrong with it). */
const MAX_PROJECT_FILE_BYTES = 1024 * 1024;
const MAX_PROJECT_FILES = 100;

/** Absolute glob patterns of the documents the workspace's project files select; none when untrusted. */
export async function projectFilePatterns(): Promise<string[]> {
  if (!vscode.workspace.isTrusted) return [];
  const files = await vscode.workspace.findFiles(PROJECT_FILE_GLOB, '**/node_modules/**', MAX_PROJECT_FILES);
  const patterns: string[] = [];
  for (const uri of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    patterns.push(...patternsOf(uri, await readSmall(uri)));
  }
  return patterns;
}

/** The file's text, or undefined when it is not a small regular file that can be read. */
async function readSmall(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type !== vscode.FileType.File || stat.size > MAX_PROJECT_FILE_BYTES) return undefined;
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * `files` of one project file, made absolute as the server reads them: relative to the project file's folder, a
 * pattern without `/` matching a file name at any depth below it.
 */
export function patternsOf(projectFile: vscode.Uri, text: string | undefined): string[] {
  if (text === undefined) return [];
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 100 });
  } catch {
    return []; // not YAML: the server reports it
  }
  const files = typeof data === 'object' && data !== null ? (data as { files?: unknown }).files : undefined;
  if (!Array.isArray(files)) return [];
  const base = escapeGlob(path.dirname(projectFile.fsPath).split(path.sep).join('/'));
  return files
    .filter((glob): glob is string => typeof glob === 'string' && glob.trim() !== '' && !glob.startsWith('/') && !glob.includes('..'))
    .map((glob) => (glob.includes('/') ? `${base}/${glob}` : `${base}/**/${glob}`));
}

/** A folder path as a literal in a glob: its glob characters in brackets. */
function escapeGlob(folder: string): string {
  return folder.replace(/[*?[\]{}]/g, (c) => `[${c}]`);
}
