// Bundles the three entry points (VS Code client, language server, CLI) into one
// minified file each under dist/. Source maps are written next to them but are
// excluded from the .vsix by .vscodeignore.
import { build } from 'esbuild';

const entries = {
  client: 'client/src/extension.ts',
  // server.js is a small loader that runs server-main.js with a V8 code cache.
  server: 'server/src/lsp/loader.ts',
  'server-main': 'server/src/lsp/main.ts',
  cli: 'server/src/cli/main.ts',
};

const watch = process.argv.includes('--watch');
await Promise.all(
  Object.entries(entries).map(([name, entry]) =>
    build({
      entryPoints: [entry],
      outfile: `dist/${name}.js`,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: !watch,
      sourcemap: 'external',
      external: ['vscode'],
      logLevel: 'warning',
    }),
  ),
);
