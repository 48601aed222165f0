import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/core/rules';
import { schemaAt } from '../../server/src/core/schema';
import { ROOT } from '../support/fixtures';

/** The rule IDs of the catalogue (docs/spec/requirements.md, the contract), in order. */
function catalogueIds(): string[] {
  const text = readFileSync(path.join(ROOT, 'docs/spec/requirements.md'), 'utf8');
  return [...new Set([...text.matchAll(/^\| (IMP-[A-Z]+-\d{3}) \|/gm)].map((m) => m[1]))];
}

/** Catalogue entries that are documentation, not diagnostics. */
const DOCS_ONLY = new Set(['IMP-NOTE-004']);

describe('rule catalogue coverage', () => {
  const ids = catalogueIds();
  const fixtures = readdirSync(path.join(ROOT, 'test/fixtures/rules'));

  it('reads the catalogue', () => assert.ok(ids.length >= 50, `only ${ids.length} IDs`));

  for (const id of ids.filter((i) => !DOCS_ONLY.has(i))) {
    it(`${id} is implemented and has a passing and a failing fixture`, () => {
      const rule = RULES.find((r) => r.id === id);
      assert.ok(rule, `${id} is not in the registry`);
      assert.ok(rule.docs.length > 40 && rule.title.length > 5, `${id} needs docs and a title`);
      assert.ok(
        fixtures.some((f) => f.startsWith(`${id}.valid`)),
        `${id} has no valid fixture`,
      );
      assert.ok(
        fixtures.some((f) => f.startsWith(`${id}.invalid`)),
        `${id} has no invalid fixture`,
      );
    });
  }

  it('the registry has no rule the catalogue does not list', () => {
    assert.deepEqual(
      RULES.map((r) => r.id).filter((id) => !ids.includes(id)),
      [],
    );
  });

  it('IMP-NOTE-004: the notification defaults are in the schema (shown on hover and completion)', () => {
    const enabled = (name: string) => schemaAt(['notifications', name, 'enabled'])?.default;
    assert.equal(enabled('enrollNotification'), true);
    assert.equal(enabled('identityProofingReminder'), false);
    assert.equal(enabled('firstEpcsEnrollment'), false);
  });
});
