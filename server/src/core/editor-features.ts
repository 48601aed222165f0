/**
 * The editor features of core/intelligence as the language service's feature table: one place that says which
 * function answers which request, so the service's `complete`, `hover`, `symbols`, `folding`, `links` and
 * `selectionRanges` are typed by what these return. Rename (tenant ID and tenant host together) is added here, on
 * top of the service, as `prepareRename` and `rename`: the editor's language service is the service with them.
 */
import type { ConfigDocument } from './document';
import { complete, documentLinks, documentSymbols, foldingRanges, hover, prepareRename, rename, selectionRanges } from './intelligence';
import type { PrepareRenameResult, RenameEdit, RenameRefusal } from './intelligence';
import { createLanguageService } from './service';
import type { EditorFeatureTable, LanguageService, LanguageServiceOptions } from './service';

/** A snippet's text as plain text (its placeholders' defaults), for a client that cannot insert snippets. */
export { snippetDefaults } from './intelligence/section-snippets';

export const EDITOR_FEATURES = {
  complete,
  hover,
  symbols: documentSymbols,
  folding: foldingRanges,
  links: documentLinks,
  selectionRanges,
} satisfies EditorFeatureTable;

/** The language service with every editor feature: what the language server calls for each request. */
export interface EditorLanguageService extends LanguageService<typeof EDITOR_FEATURES> {
  /** What a rename at `offset` would change, or why nothing can be renamed there. */
  prepareRename(doc: ConfigDocument, offset: number): PrepareRenameResult | RenameRefusal;
  /** The edits that rename the tenant ID at `offset` to `newName` everywhere it is written, or why not. */
  rename(doc: ConfigDocument, offset: number, newName: string): RenameEdit[] | RenameRefusal;
}

export function createEditorLanguageService(
  options: Omit<LanguageServiceOptions<typeof EDITOR_FEATURES>, 'features'> = {},
): EditorLanguageService {
  return { ...createLanguageService({ ...options, features: EDITOR_FEATURES }), prepareRename, rename };
}
