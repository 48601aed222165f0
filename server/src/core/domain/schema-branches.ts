/**
 * The branches of a discriminated section in the JSON Schema (`identityProvider` by `type`, `smtp` by `mode`): which
 * keys each branch knows and the schema node of a key in a branch. Read from the schema, so there is one list.
 */
import { SCHEMA } from '../schema';

export interface SchemaLike {
  properties?: Record<string, SchemaLike>;
  oneOf?: SchemaLike[];
  [keyword: string]: unknown;
}

/** The `oneOf` branch of a top-level section whose `discriminator` property is the constant `tag`. */
export function branchSchema(section: string, discriminator: string, tag: string): SchemaLike | undefined {
  const node = (SCHEMA as SchemaLike).properties?.[section];
  return node?.oneOf?.find((branch) => (branch.properties?.[discriminator] as SchemaLike | undefined)?.const === tag);
}

/** The keys a branch knows (the discriminator included); empty for an unknown tag. */
export function branchKeys(section: string, discriminator: string, tag: string): Set<string> {
  return new Set(Object.keys(branchSchema(section, discriminator, tag)?.properties ?? {}));
}
