/**
 * Shape checks of what a client sends. The client is trusted to speak LSP but not to be free of bugs: a document
 * whose URI is not a string, once stored, would break every later pass over the open documents (cross-file
 * re-validation). Malformed notifications are logged and ignored; malformed requests get `InvalidParams`.
 */

export interface PositionParam {
  line: number;
  character: number;
}

export interface RangeParam {
  start: PositionParam;
  end: PositionParam;
}

export interface ContentChange {
  range?: RangeParam;
  text: string;
}

export interface TextDocumentItemParam {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isUInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isPosition(value: unknown): value is PositionParam {
  return isObject(value) && isUInteger(value.line) && isUInteger(value.character);
}

export function isRange(value: unknown): value is RangeParam {
  return isObject(value) && isPosition(value.start) && isPosition(value.end);
}

/** `version` may be any integer (LSP allows negative ones); only its type is checked. */
export function isTextDocumentItem(value: unknown): value is TextDocumentItemParam {
  return (
    isObject(value) &&
    typeof value.uri === 'string' &&
    typeof value.languageId === 'string' &&
    Number.isSafeInteger(value.version) &&
    typeof value.text === 'string'
  );
}

export function isContentChange(value: unknown): value is ContentChange {
  return isObject(value) && typeof value.text === 'string' && (value.range === undefined || isRange(value.range));
}

/** `{ textDocument: { uri } }`, the identifier every document notification and request carries. */
export function documentUriOf(params: unknown): string | undefined {
  if (!isObject(params) || !isObject(params.textDocument)) return undefined;
  const uri = params.textDocument.uri;
  return typeof uri === 'string' ? uri : undefined;
}

/** What a malformed message was, for the log (its method and the field at fault, never its content). */
export function describeMalformed(method: string, field: string): string {
  return `ignored a \`${method}\` notification whose ${field} is missing or malformed (a client bug)`;
}
