import { Minimatch } from 'minimatch';

/**
 * The file patterns of `imprivata.files` and of a project file's `files`: a pattern without `/` matches a file name
 * at any depth; dot files count. Compiled once per list: `minimatch(path, glob)` compiles its pattern on every call,
 * and the server asks for every message and every analysis whether a document is a configuration.
 */
export type FileGlobMatcher = (normalizedPath: string) => boolean;

const compiledLists = new WeakMap<readonly string[], FileGlobMatcher>();

/** A matcher for `globs` (paths with `/` separators), compiled on first use of this list. */
export function fileGlobMatcher(globs: readonly string[]): FileGlobMatcher {
  let matcher = compiledLists.get(globs);
  if (!matcher) {
    const patterns = globs.map((glob) => new Minimatch(glob, { dot: true, matchBase: !glob.includes('/') }));
    matcher = (normalizedPath) => patterns.some((pattern) => pattern.match(normalizedPath));
    compiledLists.set(globs, matcher);
  }
  return matcher;
}
