// Builds the .vsix with @vscode/vsce from what `npm run build` produced (dist/ bundles), then
// lists the package and fails if anything but the shipped files is inside: no sources, tests,
// source maps or node_modules. Usage: npm run package  (→ <name>-<version>.vsix)
//        node scripts/package.mjs --check <file.vsix>   only the content check
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Every entry of the .vsix must match one of these (paths inside the zip). */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.md|\.txt)?$/i,
  /^extension\/dist\/[^/]+\.js$/,
  /^extension\/schemas\/[^/]+\.json$/,
  /^extension\/syntaxes\/[^/]+\.json$/,
  /^extension\/images\/icon\.png$/,
  /^extension\/language-configuration\.json$/,
  /^extension\/media\/walkthrough\/[^/]+\.md$/,
];
/** Named separately so the failure says why. */
const FORBIDDEN = [
  [/\.map$/, 'source map'],
  [/\.tsx?$/, 'TypeScript source'],
  [/(^|\/)node_modules\//, 'node_modules (dependencies are bundled)'],
  [/^extension\/(src|client|server|test|out|scripts|examples|docs)\//, 'sources, tests or build output'],
  [/\.vsix$/, 'a package inside the package'],
];
const REQUIRED = [
  'extension/package.json',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/readme.md',
  'extension/changelog.md',
];

/** Lists a zip's entries from its central directory (no unzip needed). */
export function listZip(file) {
  const data = fs.readFileSync(file);
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 65_557); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = data.readUInt16LE(eocd + 10);
  let offset = data.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (data.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt central directory');
    const compressed = data.readUInt32LE(offset + 20);
    const size = data.readUInt32LE(offset + 24);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const name = data.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (!name.endsWith('/')) entries.push({ name, size, compressed });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export function checkVsix(file) {
  const entries = listZip(file);
  const problems = [];
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  for (const { name } of entries) {
    const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(name));
    if (forbidden) problems.push(`${name}: ${forbidden[1]}`);
    else if (!ALLOWED.some((pattern) => pattern.test(name))) problems.push(`${name}: not in the list of shipped files`);
  }
  for (const name of REQUIRED) if (!names.has(name.toLowerCase())) problems.push(`${name}: missing`);
  // package.json declares a license: its text must ship (vsce stores LICENSE as LICENSE.txt).
  if (!entries.some((e) => /^extension\/license(\.md|\.txt)?$/i.test(e.name))) problems.push('extension/LICENSE: missing');
  // Every bundle esbuild wrote must ship (the server loader needs dist/server-main.js, for one).
  const dist = path.join(root, 'dist');
  if (fs.existsSync(dist)) {
    // The CLI bundle is for terminals and CI (npm), not for the extension.
    for (const bundle of fs.readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'cli.js')) {
      if (!names.has(`extension/dist/${bundle}`.toLowerCase())) problems.push(`extension/dist/${bundle}: missing (built by npm run build)`);
    }
  }
  return { entries, problems };
}

function printListing(file, entries) {
  const width = Math.max(...entries.map((e) => e.name.length));
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    process.stdout.write(`  ${e.name.padEnd(width)}  ${(e.size / 1024).toFixed(1).padStart(8)} KiB\n`);
  }
  const total = fs.statSync(file).size;
  process.stdout.write(`${path.relative(root, file)}: ${entries.length} files, ${(total / 1024).toFixed(1)} KiB (${total} bytes)\n`);
}

function main() {
  const args = process.argv.slice(2);
  let file;
  if (args[0] === '--check') {
    file = path.resolve(args[1] ?? `${pkg.name}-${pkg.version}.vsix`);
  } else {
    for (const bundle of ['dist/client.js', 'dist/server.js']) {
      if (!fs.existsSync(path.join(root, bundle))) throw new Error(`${bundle} missing: run npm run build first`);
    }
    file = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
    fs.rmSync(file, { force: true });
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    // --no-dependencies: client and server are bundled by esbuild, node_modules is not shipped.
    const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', file], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status !== 0) throw new Error(`vsce package failed (exit ${result.status})`);
  }
  const { entries, problems } = checkVsix(file);
  printListing(file, entries);
  // The bundles must be minified and must not point at a source map shipped beside them.
  const client = entries.find((e) => e.name === 'extension/dist/client.js');
  if (client && client.size > 2 * 1024 * 1024) problems.push(`extension/dist/client.js is ${client.size} bytes: not minified?`);
  if (problems.length) {
    process.stderr.write(`the .vsix holds files it must not ship:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write('vsix content check: ok\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
