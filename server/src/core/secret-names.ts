/**
 * The names of the secret-bearing keys (`password`, `secret`, `integrationToken`, `adminPassword`): the last
 * segment of every secret key the JSON Schema annotates (`"x-imprivata-secret": true`, read once by
 * `secretKeys()`). Messages about a value under such a key never quote it, whatever went wrong. Pure.
 */
import { ANY_ITEM, secretKeys } from './rules/secrets/secret-keys';

let names: ReadonlySet<string> | undefined;

export function isSecretKeyName(key: string): boolean {
  // A secret list (`passwords: [...]`, pattern `passwords.*`) is named by its key.
  names ??= new Set(secretKeys().map((secret) => secret.pattern.filter((segment) => segment !== ANY_ITEM).at(-1) ?? ''));
  return names.has(key);
}
