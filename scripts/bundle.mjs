// Bundles the three entry points (VS Code client, language server, CLI) into one
// minified file each under dist/, and the libraries of the server's preflight engine
// into one more (see PREFLIGHT_LIBRARIES). Source maps are written next to them but
// are excluded from the .vsix by .vscodeignore.
import { build } from 'esbuild';

const entries = {
  client: 'client/src/extension.ts',
  // server.js is a small loader that runs server-main.js with a V8 code cache.
  server: 'server/src/lsp/loader.ts',
  'server-main': 'server/src/lsp/main.ts',
  cli: 'server/src/cli/main.ts',
};

/**
 * vscode-languageserver and vscode-jsonrpc require `child_process` (to resolve globally installed modules) and
 * `crypto` (to name pipes) when they load, for features the language server never uses over stdio. Node compiles
 * each on first require, with their internal modules (some twenty), before the server can answer `initialize`. In
 * the server bundle they become a stand-in that requires the real module on first property read; the libraries
 * only read properties of them (`child_process_1.fork(...)`, `crypto_1.randomBytes(...)`), when the feature runs.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(child_process|crypto)$/ }, (args) => ({ path: args.path, namespace: 'lazy-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents:
        `let loaded;\n` +
        `module.exports = new Proxy({}, { get: (_, key) => (loaded ??= require(${JSON.stringify(`node:${args.path}`)}))[key] });\n`,
      loader: 'js',
    }));
  },
};

/**
 * The libraries only the preflight engine uses (undici alone is a third of the server bundle) go into a bundle of
 * their own, dist/server-preflight-libraries.js, which the engine requires on the first preflight. Every start of the
 * server reads, hashes and deserializes (from the code cache) the whole of dist/server-main.js, used or not: 1.5 MB
 * with them, 0.9 MB without. In the server bundle each import of them becomes a property of that file's exports.
 */
const PREFLIGHT_LIBRARIES = {
  undici: 'undici',
  'fast-xml-parser': 'fastXmlParser',
  'nodemailer/lib/smtp-connection': 'smtpConnection',
  'nodemailer/lib/xoauth2': 'xoauth2',
};
const PREFLIGHT_LIBRARIES_FILE = 'server-preflight-libraries';
const preflightLibrariesApart = {
  name: 'preflight-libraries-apart',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(PREFLIGHT_LIBRARIES).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'preflight-library' }));
    build.onLoad({ filter: /.*/, namespace: 'preflight-library' }, (args) => ({
      contents: `module.exports = require('./${PREFLIGHT_LIBRARIES_FILE}.js').${PREFLIGHT_LIBRARIES[args.path]};\n`,
      loader: 'js',
    }));
    // The stand-in requires a file next to the bundle at run time, not a module to bundle.
    build.onResolve({ filter: new RegExp(`^\\./${PREFLIGHT_LIBRARIES_FILE}\\.js$`) }, (args) => ({ path: args.path, external: true }));
  },
};
const preflightLibrariesEntry = Object.entries(PREFLIGHT_LIBRARIES)
  .map(([specifier, name]) => `exports.${name} = require(${JSON.stringify(specifier)});`)
  .join('\n');

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !watch,
  sourcemap: 'external',
  external: ['vscode'],
  logLevel: 'warning',
};
await Promise.all([
  ...Object.entries(entries).map(([name, entry]) =>
    build({
      ...common,
      entryPoints: [entry],
      outfile: `dist/${name}.js`,
      plugins: name === 'server-main' ? [lazyBuiltins, preflightLibrariesApart] : [],
    }),
  ),
  build({
    ...common,
    stdin: { contents: preflightLibrariesEntry, resolveDir: process.cwd(), sourcefile: `${PREFLIGHT_LIBRARIES_FILE}.js` },
    outfile: `dist/${PREFLIGHT_LIBRARIES_FILE}.js`,
  }),
]);
