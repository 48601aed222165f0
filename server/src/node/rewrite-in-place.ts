/**
 * Writes fixed text back into a configuration file (`lint --fix`): in place (the file keeps its inode, owner and
 * permissions), only when it still is the regular file read before and still holds exactly the bytes read (an
 * editor or another run that changed it meanwhile wins), and with the UTF-8 byte order mark it had.
 */
import { writeFileSync } from 'node:fs';
import { describeIoError, readRegularFile } from './input';
import type { InputRead } from './input';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export type RewriteResult = { ok: true } | { ok: false; reason: string };

export function rewriteInPlace(absolutePath: string, read: Extract<InputRead, { ok: true }>, text: string): RewriteResult {
  const again = readRegularFile(absolutePath);
  if (!again.ok) return { ok: false, reason: `not fixed: ${again.reason}` };
  if (again.device !== read.device || again.inode !== read.inode || !sameBytes(again.bytes, read.bytes)) {
    return { ok: false, reason: 'not fixed: the file changed while it was being checked' };
  }
  const hadBom = UTF8_BOM.every((b, i) => read.bytes[i] === b);
  const body = Buffer.from(text, 'utf8');
  try {
    writeFileSync(absolutePath, hadBom ? Buffer.concat([Buffer.from(UTF8_BOM), body]) : body);
  } catch (error) {
    return { ok: false, reason: `not fixed: the file cannot be written (${describeIoError(error)})` };
  }
  return { ok: true };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
