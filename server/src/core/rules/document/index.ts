import type { Rule } from '../rule';
import imp_doc_001 from './imp-doc-001';
import imp_doc_002 from './imp-doc-002';
import imp_doc_003 from './imp-doc-003';
import imp_doc_004 from './imp-doc-004';
import imp_doc_005 from './imp-doc-005';
import imp_doc_006 from './imp-doc-006';

export const DOCUMENT_RULES: readonly Rule[] = [imp_doc_001, imp_doc_002, imp_doc_003, imp_doc_004, imp_doc_005, imp_doc_006];
