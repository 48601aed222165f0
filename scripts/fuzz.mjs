// npm run fuzz [-- --count N] [-- --seed S] [-- --shrink-seconds T]: the property checks of test/fuzz/ over
// generated hostile documents (100,000 by default; not part of CI). Prints documents/second and, for every kind
// of failure, its seed, replay path and smallest counterexample (also written to out/fuzz/). Exit 1 on a failure.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { runFuzz } = require(path.join(root, 'out/test/fuzz/runner.js'));

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`--${name} needs a whole number`);
    process.exit(2);
  }
  return value;
}

const failures = await runFuzz({
  count: option('count', 100_000),
  seed: option('seed', Date.now() % 2_147_483_647),
  shrinkSeconds: option('shrink-seconds', 60),
  outputDir: path.join(root, 'out/fuzz'),
  log: (line) => console.log(line),
});
process.exitCode = failures > 0 ? 1 : 0;
