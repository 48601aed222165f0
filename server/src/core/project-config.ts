import * as path from 'node:path';
import type { ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, parseDocument, visit } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import validateProjectSchema from './generated/project-config-validator';
import { ruleById } from './rules';
import type { DocumentLimits } from './limits';
import { LineIndex } from './text';
import type { Range, RuleSeverityOverride, Span } from './types';
import { fileGlobMatcher } from './file-globs';

/**
 * The project file, `.imprivata-config.yaml`: a team's rule severities and file patterns, written once for the
 * CLI and the language server. Pure: it parses and validates text; finding and reading the file is
 * `server/src/node/project-config.ts`. Its JSON Schema is `schemas/imprivata-config-project.schema.json`
 * (compiled at build time by scripts/build-validator.mjs, like the main schema).
 */

export const PROJECT_CONFIG_FILE_NAME = '.imprivata-config.yaml';

export interface ProjectConfig {
  /** Absolute path of the `.imprivata-config.yaml` it was read from. */
  filePath: string;
  /** Severity per rule ID. Whoever applies it lets `--rule` (CLI) or `imprivata.rules` (editor) win. */
  rules: Record<string, RuleSeverityOverride>;
  /** Glob patterns relative to the file's folder; absent: the default patterns apply. */
  files?: string[];
  /** Size limits (IMP-DOC-006) for the files below it; the CLI's options and the editor's settings win. */
  limits?: Partial<DocumentLimits>;
}

export interface ProjectConfigProblem {
  /** 0-based, as LSP counts; `line + 1`, `character + 1` are what people read. */
  range: Range;
  /** Complete sentence for people: what is wrong and how to fix it. */
  message: string;
}

export type ProjectConfigParse = { ok: true; config: ProjectConfig } | { ok: false; problems: ProjectConfigProblem[] };

const SEVERITIES = 'off, error, warning, information or hint';

/** Parses and validates the text of a project file. Never throws. */
export function parseProjectConfig(text: string, filePath: string): ProjectConfigParse {
  const lines = new LineIndex(text);
  const problems: ProjectConfigProblem[] = [];
  const at = (span: Span, message: string) => problems.push({ range: lines.range(span), message });

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  } catch {
    // The parser recurses on nesting: pathological input can exhaust the stack.
    at({ start: 0, end: 0 }, 'The file could not be parsed as YAML (it nests too deeply).');
    return { ok: false, problems };
  }
  // The first syntax error only: the ones after it are mostly its echoes.
  const [syntax] = doc.errors;
  if (syntax) {
    at({ start: syntax.pos[0], end: syntax.pos[1] }, yamlErrorMessage(syntax.code));
    return { ok: false, problems };
  }

  // A key that is a list or a mapping is never a setting, and the yaml library would stringify it on the way to
  // plain data (time exponential in the nesting, and a warning on stderr): say so instead.
  const collectionKey = firstCollectionKey(doc);
  if (collectionKey) {
    at(collectionKey, 'A key of the project file is a list or a mapping; keys are names such as `rules` or `files`.');
    return { ok: false, problems };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    at({ start: 0, end: 0 }, 'The file uses YAML aliases that expand too far; write the values out instead.');
    return { ok: false, problems };
  }
  // An empty file, or one of comments only, is a valid project file that changes nothing.
  if (data === null || data === undefined) return { ok: true, config: { filePath, rules: {} } };

  if (!validateProjectSchema(data)) {
    for (const error of validateProjectSchema.errors ?? []) {
      const problem = schemaProblem(error, doc);
      if (problem) at(problem.span, problem.message);
    }
    return { ok: false, problems: dedupe(problems) };
  }

  const valid = data as {
    rules?: Record<string, RuleSeverityOverride> | null;
    files?: string[] | null;
    limits?: Partial<DocumentLimits> | null;
  };
  for (const id of Object.keys(valid.rules ?? {})) {
    if (!ruleById(id)) {
      at(keySpan(doc, ['rules'], id), `Unknown rule \`${id}\`: no rule has this ID (see \`imprivata-config rules\` for the list).`);
    }
  }
  if (problems.length) return { ok: false, problems };
  const config: ProjectConfig = { filePath, rules: { ...(valid.rules ?? {}) } };
  if (valid.files) config.files = [...valid.files];
  if (valid.limits) config.limits = { ...valid.limits };
  return { ok: true, config };
}

/**
 * Whether a project file's `files` patterns pick up a file (absolute path). Patterns are relative to the folder
 * holding the project file; one without `/` matches a file name at any depth, as in `imprivata.files`.
 */
export function projectFilesMatch(config: ProjectConfig, absolutePath: string): boolean {
  if (!config.files) return false;
  const relative = path.relative(path.dirname(config.filePath), absolutePath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  const normalized = relative.split(path.sep).join('/');
  return fileGlobMatcher(config.files)(normalized);
}

/** Words for the `yaml` library's error codes: never its own text. */
function yamlErrorMessage(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'This key is written twice in the same mapping; YAML keeps only one. Remove one of them.';
    case 'TAB_AS_INDENT':
      return 'A tab is used for indentation; YAML indents with spaces only.';
    case 'MULTIPLE_DOCS':
      return 'The file holds more than one YAML document (`---`); a project file is one mapping.';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'This is not valid YAML here (check the indentation and the `key: value` form).';
    case 'MISSING_ANCHOR':
      return 'This alias (`*name`) refers to an anchor that is not defined.';
    default:
      return 'This is not valid YAML here.';
  }
}

function schemaProblem(error: ErrorObject, doc: Document.Parsed): { span: Span; message: string } | undefined {
  const segments = pointerSegments(error.instancePath);
  const where = describePath(segments);
  const value = valueSpan(doc, segments);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      if (segments[0] === 'limits') {
        return {
          span: keySpan(doc, segments, key),
          message: `Unknown key \`${key}\`: \`limits\` has only \`maxFileSize\` (bytes) and \`maxLineLength\` (characters).`,
        };
      }
      return {
        span: keySpan(doc, segments, key),
        message: `Unknown key \`${key}\`: a project file has only \`rules\` (severity per rule ID), \`files\` (glob patterns) and \`limits\` (\`maxFileSize\`, \`maxLineLength\`).`,
      };
    }
    case 'propertyNames':
      return undefined; // Its `pattern` error, reported below with the key's own position, says it better.
    case 'pattern':
      if (error.propertyName !== undefined) {
        return {
          span: keySpan(doc, segments, error.propertyName),
          message: `\`${error.propertyName}\` is not a rule ID; rule IDs look like \`IMP-SMTP-003\` (see \`imprivata-config rules\`).`,
        };
      }
      return {
        span: value,
        message: `${where}: a pattern is relative to the folder of ${PROJECT_CONFIG_FILE_NAME} and cannot leave it: no leading \`/\`, no \`..\`.`,
      };
    case 'minimum':
      return { span: value, message: `${where}: a limit is a whole number, 1 or more.` };
    case 'enum':
      return { span: value, message: `${where}: the severity must be one of ${SEVERITIES}.` };
    case 'minLength':
      return { span: value, message: `${where}: an empty pattern matches nothing; remove it.` };
    case 'type':
      if (segments.length === 0) {
        return {
          span: value,
          message: 'The file should be a mapping with `rules` and/or `files`, for example `rules: { IMP-SMTP-003: off }`.',
        };
      }
      if (segments[0] === 'limits') {
        return segments.length === 1
          ? { span: value, message: `${where} should be a mapping with \`maxFileSize\` (bytes) and/or \`maxLineLength\` (characters).` }
          : { span: value, message: `${where}: a limit is a whole number, 1 or more.` };
      }
      if (segments[0] === 'rules') return { span: value, message: `${where} should be a mapping of rule ID to severity (${SEVERITIES}).` };
      if (segments.length === 1) return { span: value, message: `${where} should be a list of glob patterns.` };
      return { span: value, message: `${where} should be a glob pattern (text).` };
    default:
      return { span: value, message: `${where} is not valid here.` };
  }
}

/** `rules.IMP-SMTP-003`, "Item 2 of `files`", "The file". */
function describePath(segments: string[]): string {
  if (segments.length === 0) return 'The file';
  const last = segments[segments.length - 1];
  if (/^\d+$/.test(last)) return `Item ${Number(last) + 1} of \`${segments.slice(0, -1).join('.')}\``;
  return `\`${segments.join('.')}\``;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function nodeSpan(node: Node | null | undefined): Span | undefined {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

function pathKeys(segments: string[]): (string | number)[] {
  return segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueSpan(doc: Document.Parsed, segments: string[]): Span {
  const node = segments.length ? (doc.getIn(pathKeys(segments), true) as Node | undefined) : doc.contents;
  return nodeSpan(node) ?? nodeSpan(doc.contents) ?? { start: 0, end: 0 };
}

/** The span of a key in the mapping at `segments` (the mapping itself when the key cannot be found). */
function keySpan(doc: Document.Parsed, segments: (string | number)[], key: string): Span {
  const map = segments.length ? doc.getIn(segments, true) : doc.contents;
  if (isMap(map)) {
    const pair = (map.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === key);
    const span = pair && isScalar(pair.key) ? nodeSpan(pair.key) : undefined;
    if (span) return span;
  }
  return nodeSpan(map as Node | undefined) ?? { start: 0, end: 0 };
}

function dedupe(problems: ProjectConfigProblem[]): ProjectConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.range.start.line}:${p.range.start.character}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The span of the first mapping key that is not a scalar (an alias counts: it may name a collection). */
function firstCollectionKey(doc: Document.Parsed): Span | undefined {
  let found: Span | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || pair.key === null || isScalar(pair.key)) return undefined;
      const range = (pair.key as Node).range;
      found = range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
      return visit.BREAK;
    },
  });
  return found;
}
