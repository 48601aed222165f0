/**
 * Property-based tests over hostile documents (fast-check, fixed seed, bounded counts: the whole file runs in a
 * few seconds). `npm run fuzz` runs the same properties over 100,000 documents of the full sizes.
 *
 * Failures whose fix belongs to another item of issue 12 are listed in test/fuzz/known-defects.ts: each has its
 * own `it.skip` below, to enable once that item is fixed; the other tests exclude exactly those and nothing else.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { HOSTILE_BUILDERS, SMALL, encode, hostileDocument, mutatedSeed, secretDocument, wrongTypeDocument } from '../fuzz/arbitraries';
import { KNOWN_DEFECTS, SLOW_STRUCTURES, knownDefectOf } from '../fuzz/known-defects';
import type { KnownDefect } from '../fuzz/known-defects';
import { checkDocument } from '../fuzz/properties';
import type { FuzzDocument } from '../fuzz/properties';

const SEED = 20261130;

/** Size of each hostile structure below (the full sizes, 100,000, are `npm run fuzz`'s). */
const HOSTILE_SIZE = 2_000;
/** Sizes of the structures whose cost is exponential in their depth (see known-defects.ts): a few seconds each. */
const EXPONENTIAL_SIZES: Readonly<Record<string, number>> = { 'unclosed nesting': 30 };

interface Family {
  name: string;
  arbitrary: fc.Arbitrary<FuzzDocument>;
  runs: number;
}

const FAMILIES: readonly Family[] = [
  { name: 'mutations of every fixture and example', arbitrary: mutatedSeed, runs: 300 },
  { name: 'secrets in every secret key, in every spelling', arbitrary: secretDocument, runs: 300 },
  { name: 'every schema key with every wrong type', arbitrary: wrongTypeDocument, runs: 120 },
  {
    name: 'hostile structures of random sizes and encodings',
    // The structures known to be slow are checked below, one by one (a random size could take minutes).
    arbitrary: hostileDocument({ maxCount: 300, maxScalar: 16 * 1024 }, Object.keys(SLOW_STRUCTURES)),
    runs: 60,
  },
];

/** The violations of a document that are not known defects (or, given one, only those of that defect). */
function violationsOf(doc: FuzzDocument, only?: KnownDefect): string[] {
  const result = checkDocument(doc);
  return result.violations.filter((v) => knownDefectOf(v, doc, result) === only).map((v) => `[${v.property}] ${v.detail}`);
}

function propertyHolds(doc: FuzzDocument, only?: KnownDefect): boolean {
  const failing = violationsOf(doc, only);
  if (failing.length > 0) throw new Error(`${doc.family}: ${failing.length} violation(s):\n  ${failing.join('\n  ')}`);
  return true;
}

/** Every hostile structure at its test size, as written and with lone CR line ends. */
function hostileCases(name: string): FuzzDocument[] {
  const size = EXPONENTIAL_SIZES[name] ?? HOSTILE_SIZE;
  return (['as-is', 'cr'] as const).map((how) => ({
    family: `hostile: ${name}`,
    text: encode(HOSTILE_BUILDERS[name](size, SMALL), how, 0, new Uint8Array()),
    secrets: [],
  }));
}

describe('fuzz: properties of every analysis (fast-check, fixed seed)', () => {
  for (const family of FAMILIES) {
    it(`${family.name}: no exception, linear time, ranges inside their lines, no secret in any message, fixes that parse`, function () {
      this.timeout(120_000);
      fc.assert(
        fc.property(family.arbitrary, (doc) => propertyHolds(doc)),
        { seed: SEED, numRuns: family.runs },
      );
    });
  }

  describe(`every hostile structure at n = ${HOSTILE_SIZE.toLocaleString('en')}, as written and with CR line ends`, () => {
    for (const name of Object.keys(HOSTILE_BUILDERS)) {
      // Slower than linear for a reason outside this change (issue 12 item 3, see known-defects.ts): checked by the
      // skipped "slow structures" test below until that item is fixed.
      const test = SLOW_STRUCTURES[name] ? it.skip : it;
      test(name, function () {
        this.timeout(60_000);
        for (const doc of hostileCases(name)) assert.deepEqual(violationsOf(doc), [], JSON.stringify(doc.text.slice(0, 120)));
      });
    }
  });

  describe('known defects owned by other items of issue 12 (enable each once fixed)', () => {
    for (const defect of KNOWN_DEFECTS) {
      // Each is the same properties restricted to one defect (see test/fuzz/known-defects.ts for the item).
      it.skip(`${defect.title} (${defect.issueItem})`, function () {
        this.timeout(300_000);
        for (const family of FAMILIES) {
          fc.assert(
            fc.property(family.arbitrary, (doc) => propertyHolds(doc, defect)),
            { seed: SEED, numRuns: family.runs },
          );
        }
        for (const name of Object.keys(HOSTILE_BUILDERS)) for (const doc of hostileCases(name)) propertyHolds(doc, defect);
      });
    }
  });
});
