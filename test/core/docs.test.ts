import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderRulesMarkdown } from '../../server/src/core/rules/docs';
import { ROOT } from '../support/fixtures';

describe('docs/rules.md', () => {
  it('is generated from the rule registry and up to date (UPDATE_DOCS=1 rewrites it)', () => {
    const file = path.join(ROOT, 'docs/rules.md');
    const expected = renderRulesMarkdown();
    if (process.env.UPDATE_DOCS) writeFileSync(file, expected);
    assert.ok(existsSync(file), 'docs/rules.md is missing: run UPDATE_DOCS=1 npm run test:unit');
    assert.equal(readFileSync(file, 'utf8'), expected, 'docs/rules.md is stale: run UPDATE_DOCS=1 npm run test:unit');
  });
});

describe('README.md', () => {
  it('lists every rule with a link to its documentation', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const { RULES } = require('../../server/src/core/rules') as typeof import('../../server/src/core/rules');
    const missing = RULES.filter((r) => !readme.includes(`[${r.id}](docs/rules.md#${r.id.toLowerCase()})`)).map((r) => r.id);
    assert.deepEqual(missing, []);
  });
});
