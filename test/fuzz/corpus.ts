/**
 * The seed documents the fuzzers mutate: every rule fixture and every example, read once from the repository.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root (this file runs from out/test/fuzz/). */
export const ROOT = path.resolve(__dirname, '../../..');

export interface SeedDocument {
  /** Relative to the repository root, for messages. */
  name: string;
  text: string;
}

function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(dir, entry.name))
    .sort();
}

let cache: SeedDocument[] | undefined;

/** Every file of test/fixtures/rules/ (with the workspace folders' files) and examples/. */
export function seedDocuments(): SeedDocument[] {
  if (!cache) {
    const fixtures = path.join(ROOT, 'test/fixtures/rules');
    const workspaces = readdirSync(fixtures, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(fixtures, entry.name));
    const files = [
      ...yamlFilesIn(fixtures),
      ...workspaces.flatMap(yamlFilesIn),
      ...yamlFilesIn(path.join(ROOT, 'examples')),
      ...yamlFilesIn(path.join(ROOT, 'examples/broken')),
    ];
    cache = files.map((file) => ({ name: path.relative(ROOT, file), text: readFileSync(file, 'utf8') }));
  }
  return cache;
}

/** The reference example: a valid document that wrong-typed values and secrets are written into. */
export function referenceExample(): string {
  return readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
}
