import type { Rule } from '../rule';
import imp_dir_001 from './imp-dir-001';
import imp_dir_002 from './imp-dir-002';
import imp_dir_003 from './imp-dir-003';
import imp_phone_001 from './imp-phone-001';
import imp_phone_002 from './imp-phone-002';
import imp_proof_001 from './imp-proof-001';
import imp_proof_002 from './imp-proof-002';
import imp_prov_001 from './imp-prov-001';

export const PROOFING_RULES: readonly Rule[] = [
  imp_proof_001,
  imp_proof_002,
  imp_dir_001,
  imp_dir_002,
  imp_dir_003,
  imp_phone_001,
  imp_phone_002,
  imp_prov_001,
];
