/** The server's settings (`imprivata.*`): their defaults and how a client's raw value is read. */
import type { DocumentLimits } from '../core/limits';
import type { RuleSeverityOverride } from '../core/types';

export const LANGUAGE_ID = 'imprivata-yaml';

export const DEFAULT_FILE_GLOBS = ['**/imprivata-enterprise*.yaml', '**/imprivata-enterprise*.yml'];

export interface ServerSettings {
  files: string[];
  rules: Record<string, RuleSeverityOverride>;
  /** `imprivata.limits`: the limits the client set (positive whole numbers only); the others are the defaults. */
  limits: Partial<DocumentLimits>;
}

const OVERRIDES = new Set(['off', 'error', 'warning', 'information', 'hint']);

export function normalizeSettings(raw: Partial<ServerSettings>): ServerSettings {
  const files =
    Array.isArray(raw.files) && raw.files.every((g) => typeof g === 'string') && raw.files.length ? raw.files : DEFAULT_FILE_GLOBS;
  const rules: Record<string, RuleSeverityOverride> = {};
  const rawRules: unknown = raw.rules;
  if (rawRules && typeof rawRules === 'object') {
    for (const [id, value] of Object.entries(rawRules)) {
      const v = String(value).toLowerCase();
      if (OVERRIDES.has(v)) rules[id.toUpperCase()] = v as RuleSeverityOverride;
    }
  }
  return { files, rules, limits: readLimits(raw.limits) };
}

/** A limit is taken only when it is a positive whole number: anything else leaves the default (limits.ts). */
function readLimits(raw: unknown): Partial<DocumentLimits> {
  const limits: Partial<DocumentLimits> = {};
  if (!raw || typeof raw !== 'object') return limits;
  for (const key of ['maxFileSize', 'maxLineLength'] as const) {
    const value: unknown = (raw as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) limits[key] = value;
  }
  return limits;
}
