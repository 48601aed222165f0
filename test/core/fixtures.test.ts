import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseExpectations } from '../support/expectations';
import { ROOT, analyzeFixture, compareWithExpectations } from '../support/fixtures';

const RULE_FIXTURES = path.join(ROOT, 'test/fixtures/rules');
const FIXTURE_NAME = /^(IMP-[A-Z]+-\d{3})\.(valid|invalid)(?:-[a-z0-9-]+)?\.yaml$/;

describe('rule fixtures (expectations written next to the lines)', () => {
  for (const name of readdirSync(RULE_FIXTURES)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const match = FIXTURE_NAME.exec(name);
    it(name, () => {
      assert.ok(match, `fixture name must be <RULE-ID>.valid|invalid[-detail].yaml: ${name}`);
      const [, ruleId, kind] = match;
      const file = path.join(RULE_FIXTURES, name);
      const { expected, actual } = compareWithExpectations(file, new Set([ruleId]));
      if (kind === 'invalid') assert.ok(expected.length > 0, `${name} must expect at least one ${ruleId}`);
      else assert.equal(expected.length, 0, `${name} is a valid fixture and must not expect ${ruleId}`);
      assert.deepEqual(actual, expected);
    });
  }
});

describe('examples', () => {
  it('examples/imprivata-enterprise.yaml is clean', () => {
    const findings = analyzeFixture(path.join(ROOT, 'examples/imprivata-enterprise.yaml'));
    assert.deepEqual(
      findings.map((f) => `${f.ruleId} ${f.range.start.line + 1}: ${f.message}`),
      [],
    );
  });

  const brokenDir = path.join(ROOT, 'examples/broken');
  for (const name of readdirSync(brokenDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    it(`examples/broken/${name} yields exactly the diagnostics written in it`, () => {
      const file = path.join(brokenDir, name);
      assert.ok(parseExpectations(readFileSync(file, 'utf8')).length > 0, 'a broken example must expect something');
      const { expected, actual } = compareWithExpectations(file);
      assert.deepEqual(actual, expected);
    });
  }
});

describe('real-world files (styles the example does not use): exactly the findings written in them', () => {
  const dir = path.join(ROOT, 'test/fixtures/real-world');
  for (const name of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    it(name, () => {
      const { expected, actual } = compareWithExpectations(path.join(dir, name));
      assert.deepEqual(actual, expected);
    });
  }
});
