import { statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeIoError } from '../node/input';

/** Where the report goes with --output: checked before any input is read, so a typo costs nothing. */

/** A report that cannot be written where asked: exit status 2, one line. */
export class OutputError extends Error {}

/** The directory must exist (nothing is created) and the target must not be a directory. */
export function checkOutputTarget(output: string, cwd: string): void {
  const target = path.resolve(cwd, output);
  const directory = path.dirname(target);
  let directoryStat;
  try {
    directoryStat = statSync(directory);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new OutputError(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `cannot write the report to ${output}: the directory ${path.dirname(output)} does not exist (create it first)`
        : `cannot write the report to ${output}: its directory cannot be reached (${describeIoError(error)})`,
    );
  }
  if (!directoryStat.isDirectory())
    throw new OutputError(`cannot write the report to ${output}: ${path.dirname(output)} is not a directory`);
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory())
    throw new OutputError(`cannot write the report to ${output}: it is a directory`);
}

/**
 * Refuses to write the report onto a file the run reads (a configuration or a project file): the same file by
 * device and inode, so links and other spellings of the path are caught too.
 */
export function refuseOutputOntoInput(output: string, inputs: readonly { display: string; absolute: string }[], cwd: string): void {
  const target = statSync(path.resolve(cwd, output), { throwIfNoEntry: false });
  if (!target) return;
  for (const input of inputs) {
    let stat;
    try {
      stat = statSync(input.absolute);
    } catch {
      continue;
    }
    if (stat.dev === target.dev && stat.ino === target.ino) {
      throw new OutputError(
        `refusing to write the report to ${output}: it is an input of this run (${input.display}) and would be overwritten`,
      );
    }
  }
}

export function writeReport(output: string, text: string, cwd: string): void {
  try {
    writeFileSync(path.resolve(cwd, output), text);
  } catch (error) {
    throw new OutputError(`cannot write the report to ${output}: ${describeIoError(error)}`);
  }
}
