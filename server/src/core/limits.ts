/**
 * Size limits of a configuration file (IMP-DOC-006): a document larger than `maxFileSize` bytes (UTF-8) is not
 * parsed at all, and one with a line longer than `maxLineLength` characters is not analyzed; either gets exactly one
 * finding saying what was skipped, why, and which setting raises the limit. Real configurations are a few hundred KiB
 * with lines under 200 characters: the defaults never trigger on one, and keep the server answering at once on a
 * file that is not a configuration (a log, a minified bundle, a dump pasted by mistake).
 */
import { parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { ConfigDocument } from './document';
import { LineIndex } from './text';
import type { AnalysisSettings, Finding } from './types';
import { withThousandsSeparators } from './digit-grouping';

export interface DocumentLimits {
  /** Bytes, UTF-8. */
  maxFileSize: number;
  /** Characters (UTF-16 code units, as editors count columns), line break excluded. */
  maxLineLength: number;
}

/** 8 MiB (what the CLI always capped a file at) and 64 KiB characters. */
export const DEFAULT_LIMITS: DocumentLimits = { maxFileSize: 8 * 1024 * 1024, maxLineLength: 64 * 1024 };

export const LIMITS_RULE_ID = 'IMP-DOC-006';

/** The editor settings and the CLI options that raise each limit, named in the finding. */
const RAISED_BY = {
  maxFileSize: '`imprivata.limits.maxFileSize` (editor), `--max-file-size` or `limits.maxFileSize` in .imprivata-config.yaml (CLI)',
  maxLineLength: '`imprivata.limits.maxLineLength` (editor), `--max-line-length` or `limits.maxLineLength` in .imprivata-config.yaml (CLI)',
};

/** The limits in effect: the defaults, with whichever of `overrides` is a positive whole number. */
export function effectiveLimits(overrides: Partial<DocumentLimits> | undefined): DocumentLimits {
  const pick = (value: number | undefined, fallback: number) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : fallback;
  return {
    maxFileSize: pick(overrides?.maxFileSize, DEFAULT_LIMITS.maxFileSize),
    maxLineLength: pick(overrides?.maxLineLength, DEFAULT_LIMITS.maxLineLength),
  };
}

/**
 * The UTF-8 size of a text when it is above `limit`, else undefined. Counted only when the UTF-16 length cannot
 * decide (a character is 1 to 3 bytes per UTF-16 unit), so the common case costs nothing; exact above the limit,
 * for the message.
 */
export function sizeAbove(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) {
    // Not kept alive once the large text is gone (a 5 MB document replaced by a small one).
    lastCounted = NOTHING_COUNTED;
    return undefined;
  }
  const bytes = text === lastCounted.text ? lastCounted.bytes : utf8Length(text);
  // The parse and the analysis of one version ask about the same text: counted once.
  lastCounted = { text, bytes };
  return bytes > limit ? bytes : undefined;
}

const NOTHING_COUNTED = { text: '', bytes: 0 };
let lastCounted = NOTHING_COUNTED;

function utf8Length(text: string): number {
  // One byte per UTF-16 unit, plus what the non-ASCII ones add; the regular expression skips ASCII natively.
  let bytes = text.length;
  const nonAscii = /[\u0080-\uffff]/g;
  for (let match = nonAscii.exec(text); match; match = nonAscii.exec(text)) {
    const c = match[0].charCodeAt(0);
    // 2 bytes below U+0800; a surrogate pair (2 units) is 4 bytes, so each half adds 1; the rest of the BMP is 3.
    bytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}

/** Snapshots left unparsed because their text is over the size limit, with what was measured. */
const OVERSIZED = new WeakMap<ConfigDocument, { bytes: number; limit: number }>();

/**
 * A snapshot that is not parsed, for a text over the size limit: an empty tree over the real text (so positions,
 * fix-all's "no changes" and the editor features stay consistent, and answer at once). Undefined when within it.
 */
export function oversizedSnapshot(text: string, filePath: string | undefined, limits: DocumentLimits): ConfigDocument | undefined {
  const bytes = sizeAbove(text, limits.maxFileSize);
  if (bytes === undefined) return undefined;
  const empty = parseDocument('') as Document.Parsed;
  const doc = new ConfigDocument(text, filePath, { yaml: empty, lines: new LineIndex(text), anchors: new Map() });
  OVERSIZED.set(doc, { bytes, limit: limits.maxFileSize });
  return doc;
}

/** Whether a snapshot was left unparsed for its size (an incremental update must not start from it). */
export function isOversized(doc: ConfigDocument): boolean {
  return OVERSIZED.has(doc);
}

/**
 * The one finding of a document past a limit, or undefined when it is within both and the rules may run. Cheap: the
 * size from the text's length (counted only near the limit), the line lengths from the line index.
 */
export function limitFinding(doc: ConfigDocument, settings: AnalysisSettings | undefined): Finding | undefined {
  const finding = limitFindingAt(doc, effectiveLimits(settings?.limits));
  // A severity override applies, but never `off`: a file no rule checked must not look clean.
  const override = settings?.rules?.[LIMITS_RULE_ID];
  if (finding && override && override !== 'off') finding.severity = override;
  return finding;
}

/**
 * The finding of a file refused for its size before it was read (the CLI stops reading at the limit): on its first
 * character. `bytes` when known (a pipe's size is not).
 */
export function unreadFileFinding(bytes: number | undefined, settings: AnalysisSettings | undefined): Finding {
  const limit = effectiveLimits(settings?.limits).maxFileSize;
  const override = settings?.rules?.[LIMITS_RULE_ID];
  return {
    ...oversizedFinding(bytes, limit, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }),
    ...(override && override !== 'off' ? { severity: override } : {}),
  };
}

function oversizedFinding(bytes: number | undefined, limit: number, range: Finding['range']): Finding {
  const size = bytes === undefined ? 'larger than' : `${formatBytes(bytes)}, over`;
  return {
    ruleId: LIMITS_RULE_ID,
    severity: 'error',
    message:
      `This file was not checked: it is ${size} the limit of ${formatBytes(limit)} for one configuration file ` +
      `(a real one is a few hundred KB), so it was neither parsed nor checked by any rule. If it really is a configuration, ` +
      `raise the limit with ${RAISED_BY.maxFileSize}.`,
    range,
  };
}

function limitFindingAt(doc: ConfigDocument, limits: DocumentLimits): Finding | undefined {
  const oversized = OVERSIZED.get(doc);
  const bytes = oversized?.bytes ?? sizeAbove(doc.text, limits.maxFileSize);
  if (bytes !== undefined) return oversizedFinding(bytes, oversized?.limit ?? limits.maxFileSize, firstCharacterRange(doc, 0));
  const long = longestLineAbove(doc.lines, limits.maxLineLength);
  if (long === undefined) return undefined;
  return {
    ruleId: LIMITS_RULE_ID,
    severity: 'error',
    message:
      `This file was not checked: line ${long.line + 1} is ${withThousandsSeparators(long.length)} characters long, over the limit of ` +
      `${withThousandsSeparators(limits.maxLineLength)} characters per line (a configuration's lines are short; such a line is ` +
      `usually pasted data or a minified file), so no rule checked any part of the file. Shorten or remove the line, or ` +
      `raise the limit with ${RAISED_BY.maxLineLength}.`,
    range: firstCharacterRange(doc, long.line),
  };
}

/** The first line longer than `limit` characters (line break excluded), with its length. */
function longestLineAbove(lines: LineIndex, limit: number): { line: number; length: number } | undefined {
  const starts = lines.lineStarts;
  const textLength = lines.text.length;
  for (let line = 0; line < starts.length; line++) {
    // Line break included: a cheap upper bound, made exact only for a candidate.
    const upper = (line + 1 < starts.length ? starts[line + 1] : textLength) - starts[line];
    if (upper <= limit) continue;
    const length = lines.lineEnd(line) - starts[line];
    if (length > limit) return { line, length };
  }
  return undefined;
}

/** The first non-blank character of a line (a short range inside the document that an editor can show). */
function firstCharacterRange(doc: ConfigDocument, line: number): Finding['range'] {
  const start = doc.lines.lineStarts[line] ?? 0;
  const end = doc.lines.lineEnd(line);
  let at = start;
  // Bounded: a line of blanks only is scanned at most 200 characters, then the range starts where it stopped.
  while (at < end && at - start < 200 && (doc.text[at] === ' ' || doc.text[at] === '\t')) at++;
  const character = at - start;
  return { start: { line, character }, end: { line, character: at < end ? character + 1 : character } };
}

function formatBytes(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB (${withThousandsSeparators(bytes)} bytes)`;
  return `${withThousandsSeparators(bytes)} bytes`;
}
