import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { schemaAt } from '../../server/src/core/schema';
import { ROOT } from '../support/fixtures';

/** Every key path of a YAML text, list indexes as 0, including the keys the spec example shows in comments. */
function keyPaths(node: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out.push([...prefix, key]);
      keyPaths(pair.value as Node, [...prefix, key], out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item) => keyPaths(item, [...prefix, 0], out));
  }
  return out;
}

describe('JSON Schema', () => {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/imprivata-enterprise.schema.json'), 'utf8'));

  it('covers every key of the spec example, each with a description', () => {
    const example = readFileSync(path.join(ROOT, 'docs/spec/imprivata-enterprise.example.yaml'), 'utf8');
    // The example documents the other identity provider type and SMTP mode in comments: check those keys too.
    const commented = example
      .split('\n')
      .filter((l) => /^#\s{1,3}\S+:/.test(l) || /^#\s{3}\S+:/.test(l))
      .map((l) => l.replace(/^#/, ''));
    const paths = keyPaths(parseDocument(example).contents);
    for (const line of commented) {
      const key = line.trim().split(':')[0];
      if (['directoryDomain', 'adminUsername', 'adminPassword'].includes(key)) paths.push(['identityProvider', key]);
      if (['server', 'port', 'useTls', 'password'].includes(key)) paths.push(['smtp', key]);
    }
    const missing = paths.filter((p) => !schemaAt(p)?.description).map((p) => p.join('.'));
    assert.deepEqual(missing, []);
  });

  it('is a draft-07 schema with discriminators for the identity provider type and the SMTP mode', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.properties.identityProvider.discriminator.propertyName, 'type');
    assert.equal(schema.properties.smtp.discriminator.propertyName, 'mode');
  });
});
