import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { createLanguageService } from '../../server/src/core/service';
import type { Finding } from '../../server/src/core/types';
import { nodeFileReader } from '../../server/src/node/files';
import { formatExpectation, parseExpectations } from './expectations';

export const ROOT = path.resolve(__dirname, '../../..');

/** Every rule fixture and every broken example: the files whose findings and fixes the fix tests apply. */
export function ruleFixturesAndBrokenExamples(): string[] {
  return ['test/fixtures/rules', 'examples/broken'].flatMap((dir) =>
    readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => path.join(ROOT, dir, f)),
  );
}

/**
 * The workspace a fixture is analyzed in, as the language server would see it:
 * for a rule fixture, the files in its `<name>.workspace/` folder; for a file
 * under examples/, every other configuration under examples/.
 */
export function workspaceFilesFor(file: string): string[] {
  const workspaceDir = file.replace(/\.ya?ml$/, '.workspace');
  if (existsSync(workspaceDir)) {
    return readdirSync(workspaceDir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => path.join(workspaceDir, f));
  }
  const examples = path.join(ROOT, 'examples');
  if (file.startsWith(examples + path.sep)) {
    return [examples, path.join(examples, 'broken')]
      .flatMap((dir) =>
        readdirSync(dir)
          .filter((f) => /^imprivata-enterprise.*\.ya?ml$/.test(f))
          .map((f) => path.join(dir, f)),
      )
      .filter((f) => f !== file);
  }
  return [];
}

/** The language service the CLI uses: files read from disk. */
export const service = createLanguageService({ files: nodeFileReader });

/** Analyzes a fixture as the CLI would: real files next to it, and its workspace. */
export function analyzeFixture(file: string): Finding[] {
  const text = readFileSync(file, 'utf8');
  const workspace = workspaceFilesFor(file).map((other) => service.summarize(service.parse(readFileSync(other, 'utf8'), other)));
  return service.validate(service.parse(text, file), { workspace });
}

/** Expected vs actual, as sorted one-line strings, restricted to `codes` when given. */
export function compareWithExpectations(file: string, codes?: Set<string>): { expected: string[]; actual: string[] } {
  const text = readFileSync(file, 'utf8');
  const keep = (code: string) => !codes || codes.has(code);
  const expected = parseExpectations(text)
    .filter((e) => keep(e.code))
    .map(formatExpectation)
    .sort();
  const actual = analyzeFixture(file)
    .filter((f) => keep(f.ruleId))
    .map((f) =>
      formatExpectation({
        code: f.ruleId,
        startLine: f.range.start.line,
        startCharacter: f.range.start.character,
        endLine: f.range.end.line,
        endCharacter: f.range.end.character,
      }),
    )
    .sort();
  return { expected, actual };
}

/** The example as an Imprivata Directory tenant with the given tenant ID and directory domain (two make IMP-IDP-002). */
export function exampleAsDirectoryTenant(tenant: string, domain: string): string {
  const example = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
  const start = example.indexOf('identityProvider:');
  const end = example.indexOf('\nsmtp:');
  const block = `identityProvider:\n  type: imprivata-directory\n  directoryDomain: ${domain}\n  adminUsername: admin@${domain}\n  adminPassword: \${env:IMPRIVATA_DIRECTORY_ADMIN_PASSWORD}\n`;
  return (example.slice(0, start) + block + example.slice(end + 1)).replace(/examplehealth/g, tenant);
}
