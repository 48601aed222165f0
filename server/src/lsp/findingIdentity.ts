/**
 * Which finding a diagnostic shows, carried in `Diagnostic.data` and read back by `codeAction`: several findings may
 * share one code and one range (IMP-HOST-001 reports each missing host on the `allowlist` key), so fixes are never
 * looked up by code and range.
 */
import type { Finding, Range } from '../core/types';

export interface FindingRef {
  /** The analysis (unique in this server process) whose findings the diagnostic was made from. */
  analysis: number;
  /** The finding's index among that analysis' findings. */
  index: number;
  /** Rule ID and a hash of the message: finds the same finding in a later analysis, after an edit. */
  fingerprint: string;
}

/** `IMP-HOST-001:1a2b3c4d`: the rule, and FNV-1a (32 bits) of the message (which names the host, the key...). */
export function fingerprintOf(ruleId: string, message: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < message.length; i++) {
    hash ^= message.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${ruleId}:${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

/** The reference in a diagnostic's `data` as a client sent it back (anything, from an untrusted client). */
export function readFindingRef(data: unknown): FindingRef | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { analysis, index, fingerprint } = data as Record<string, unknown>;
  if (!Number.isSafeInteger(analysis) || !Number.isSafeInteger(index) || typeof fingerprint !== 'string') return undefined;
  return { analysis: analysis as number, index: index as number, fingerprint };
}

/** A diagnostic as the client sends it back in a code action request. */
export interface DiagnosticBack {
  code?: unknown;
  message?: unknown;
  range?: Range;
  data?: unknown;
}

/** The findings of the analysis a code action is answered from. */
export interface AnalyzedFindings {
  id: number;
  findings: readonly Finding[];
}

/**
 * The finding a diagnostic shows: by its reference when it was made from this very analysis; otherwise (the text
 * or its context changed since) recomputed: the finding of the same rule with the same message, the one on the
 * same range (or nearest to it) when several are alike.
 */
export function resolveFinding(current: AnalyzedFindings, diagnostic: DiagnosticBack): Finding | undefined {
  const ref = readFindingRef(diagnostic.data);
  if (ref && ref.analysis === current.id) {
    const finding = current.findings[ref.index];
    if (finding && fingerprintOf(finding.ruleId, finding.message) === ref.fingerprint) return finding;
  }
  const fingerprint =
    ref?.fingerprint ??
    (typeof diagnostic.message === 'string' && diagnostic.code !== undefined
      ? fingerprintOf(String(diagnostic.code), diagnostic.message)
      : undefined);
  if (!fingerprint) return undefined;
  const alike = current.findings.filter((f) => fingerprintOf(f.ruleId, f.message) === fingerprint);
  if (alike.length <= 1 || !diagnostic.range) return alike[0];
  const target = diagnostic.range.start;
  const distance = (f: Finding) => Math.abs(f.range.start.line - target.line) * 1e6 + Math.abs(f.range.start.character - target.character);
  return alike.reduce((best, f) => (distance(f) < distance(best) ? f : best));
}
