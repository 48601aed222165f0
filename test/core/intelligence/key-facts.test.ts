import { strict as assert } from 'node:assert';
import type { Path } from '../../../server/src/core/document';
import { RULES, ruleById } from '../../../server/src/core/rules';
import { KEY_FACTS } from '../../../server/src/core/intelligence/key-facts';
import { ROOT_SCHEMA } from '../../../server/src/core/intelligence/schema-lookup';
import type { SchemaNode } from '../../../server/src/core/intelligence/schema-lookup';

/** Every property path of the schema (list items as `*`), with the branch value when under a discriminated node. */
function schemaPaths(node: SchemaNode, at: string[] = [], out = new Map<string, SchemaNode[]>()): Map<string, SchemaNode[]> {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = [...at, key];
    const id = path.join('.');
    out.set(id, [...(out.get(id) ?? []), child]);
    schemaPaths(child, path, out);
    if (child.items) {
      out.set(`${id}.*`, [...(out.get(`${id}.*`) ?? []), child.items]);
      schemaPaths(child.items, [...path, '*'], out);
    }
  }
  for (const branch of node.oneOf ?? []) schemaPaths(branch, at, out);
  return out;
}

describe('key facts (console locations from the seeds, rules per key)', () => {
  const paths = schemaPaths(ROOT_SCHEMA);

  it('every pattern is a schema path, every branch a value of its discriminator', () => {
    for (const pattern of Object.keys(KEY_FACTS)) {
      const [path, branch] = pattern.split('@');
      assert.ok(paths.has(path), `${pattern}: not a path of the schema`);
      if (branch) assert.ok(['basic', 'oauth2', 'entra-id', 'saml', 'imprivata-directory'].includes(branch), pattern);
    }
  });

  it('every rule ID is a rule of the registry', () => {
    for (const [pattern, facts] of Object.entries(KEY_FACTS)) {
      for (const id of facts.rules) assert.ok(ruleById(id), `${pattern}: ${id} is not a rule`);
    }
  });

  it("lists the rule the schema names for a key (x-imprivata-rule), for the key's every branch", () => {
    for (const [path, nodes] of paths) {
      for (const node of nodes) {
        const owner = node['x-imprivata-rule'];
        if (!owner || owner.startsWith('IMP-DOC-')) continue;
        const listed = Object.entries(KEY_FACTS)
          .filter(([p]) => p.split('@')[0] === path)
          .flatMap(([, f]) => f.rules);
        assert.ok(listed.includes(owner), `${path}: the schema names ${owner}, the key facts do not`);
      }
    }
  });

  it('every rule that judges a key is listed on some key', () => {
    const listed = new Set(Object.values(KEY_FACTS).flatMap((f) => f.rules));
    const fileLevel = new Set(['IMP-DOC-001', 'IMP-DOC-002', 'IMP-DOC-003', 'IMP-DOC-005', 'IMP-DOC-006']);
    const unlisted = RULES.map((r) => r.id).filter((id) => !listed.has(id) && !fileLevel.has(id));
    assert.deepEqual(unlisted, []);
  });

  it("console paths use the seeds' wording", () => {
    const smtp = KEY_FACTS['smtp.server'].where ?? '';
    assert.match(smtp, /Admin Console > gear icon > Settings > Email configuration/);
    assert.match(KEY_FACTS['cloudPlatform.integrationId'].where ?? '', /gear icon > Imprivata Access Management integrations/);
    assert.match(KEY_FACTS['appliances.*.cloudConnect'].where ?? '', /System > Operations/);
  });

  it('paths, not patterns, reach the facts', () => {
    const path: Path = ['firewall', 'allowlist', 3, 'port'];
    assert.ok(KEY_FACTS[path.map((s) => (typeof s === 'number' ? '*' : s)).join('.')]);
  });
});
