/**
 * The editor features of core/intelligence as the language service's feature table: one place that says which
 * function answers which request, so the service's `complete`, `hover`, `symbols`, `folding`, `links` and
 * `selectionRanges` are typed by what these return.
 */
import { complete, documentLinks, documentSymbols, foldingRanges, hover, selectionRanges } from './intelligence';
import type { EditorFeatureTable } from './service';

export const EDITOR_FEATURES = {
  complete,
  hover,
  symbols: documentSymbols,
  folding: foldingRanges,
  links: documentLinks,
  selectionRanges,
} satisfies EditorFeatureTable;
