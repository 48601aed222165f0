/**
 * The editor features over one parsed document, as pure functions returning plain data (types.ts). The language
 * service façade and the language server call these; nothing here knows LSP.
 */
export { complete } from './completion';
export { cursorAt, nodeAt } from './cursor';
export type { Cursor, CursorKind, NodeAtOffset } from './cursor';
export { hover } from './hover';
export { documentLinks } from './links';
export { documentSymbols, foldingRanges, selectionRanges } from './outline';
export { prepareRename, rename } from './rename';
export { keyOptions, lookup } from './schema-lookup';
export * from './types';
