import { strict as assert } from 'node:assert';
import { analyzeText } from '../../../server/src/core/analyze';
import { DIGICERT_HOSTS } from '../../../server/src/core/domain/regions';
import { starterConfiguration } from '../../../server/src/core/starter';
import {
  SNIPPET_PLACES,
  reindent,
  sectionSnippets,
  snippetDefaults,
  snippetPrefixes,
  withRegion,
} from '../../../server/src/core/intelligence/section-snippets';
import { parse } from 'yaml';

const SCHEMA_PROBLEMS = new Set(['IMP-DOC-001', 'IMP-DOC-002', 'IMP-DOC-003']);

describe('section snippets (snippets/ is the one source of snippets and section completions)', () => {
  it('every snippet of the file has a place, and every place a snippet', () => {
    assert.deepEqual([...snippetPrefixes()].sort(), Object.keys(SNIPPET_PLACES).sort());
  });

  it('the file has a snippet for each IdP type, each SMTP mode, an appliance and the DigiCert host set', () => {
    const sections = sectionSnippets().map((s) => (s.place.kind === 'section' ? `${s.place.key}:${s.place.branch}` : s.prefix));
    for (const wanted of [
      'identityProvider:entra-id',
      'identityProvider:saml',
      'identityProvider:imprivata-directory',
      'smtp:basic',
      'smtp:oauth2',
      'imprivata-appliance',
      'imprivata-digicert-hosts',
    ]) {
      assert.ok(sections.includes(wanted), wanted);
    }
  });

  it('each snippet, with its defaults, is valid where it belongs: no syntax, unknown-key or type problem', () => {
    for (const snippet of sectionSnippets()) {
      const body = snippet.body.map(snippetDefaults).join('\n');
      let text: string;
      if (snippet.place.kind === 'document') text = body;
      else if (snippet.place.kind === 'section') text = `version: 1\n${body}\n`;
      else {
        const [section, list] = snippet.place.list.map(String);
        text = list ? `version: 1\n${section}:\n  ${list}:\n${indent(body, 4)}\n` : `version: 1\n${section}:\n${indent(body, 2)}\n`;
      }
      const problems = analyzeText(text).findings.filter((f) => SCHEMA_PROBLEMS.has(f.ruleId));
      assert.deepEqual(problems, [], `${snippet.name}:\n${text}`);
      if (snippet.place.kind === 'section' && snippet.place.branch) {
        const value = (parse(text) as Record<string, Record<string, unknown>>)[snippet.place.key];
        assert.ok(Object.values(value).includes(snippet.place.branch), `${snippet.name} chooses ${snippet.place.branch}`);
      }
    }
  });

  it('the DigiCert host set holds the hosts of regions.ts, with their documented port and protocol', () => {
    const snippet = sectionSnippets().find((s) => s.prefix === 'imprivata-digicert-hosts');
    assert.ok(snippet);
    const items = parse(snippet.body.map(snippetDefaults).join('\n')) as (string | { host: string; port: number; protocol: string })[];
    const read = items.map((i) => (typeof i === 'string' ? { host: i, port: 443, protocol: 'https' } : i));
    assert.deepEqual(
      read,
      DIGICERT_HOSTS.map((d) => ({ host: d.host, port: d.port, protocol: d.protocol })),
    );
  });

  it('the starter configuration (IMP-DOC-004 fix) still comes from the skeleton', () => {
    assert.match(starterConfiguration(), /^version: 1\n\nenterprise:\n {2}name: Example Health\n/);
  });

  it('the starter is the skeleton snippet as completion expands it: the same text, line for line', () => {
    const skeleton = sectionSnippets().find((s) => s.prefix === 'imprivata-enterprise');
    assert.ok(skeleton);
    const expanded = snippetDefaults(skeleton.body.join('\n'));
    const starter = starterConfiguration();
    assert.ok(expanded.startsWith(starter.trimEnd()), `the starter:\n${starter}\nis not the head of the expansion:\n${expanded}`);
    assert.doesNotMatch(starter, /\$\{?\d|\\/, 'no tab stop or escape left');
    assert.equal(starterConfiguration('\r\n'), starter.split('\n').join('\r\n'));
  });

  it("re-indents two-space bodies to the document's step, keeping the two columns after a dash", () => {
    assert.deepEqual(reindent(['a:', '  b:', '    c: 1', '  d:', '    - e: 1', '      f: 2'], 4), [
      'a:',
      '    b:',
      '        c: 1',
      '    d:',
      '        - e: 1',
      '          f: 2',
    ]);
  });

  it('applies the region suffix to the region-bound hosts, not to cloud.imprivata.com', () => {
    assert.equal(withRegion('  signOnUrl: https://access.imprivata.com', 'eu'), '  signOnUrl: https://access.imprivata.eu');
    assert.equal(withRegion('    - ${3}.sys.imprivata.com', 'eu'), '    - ${3}.sys.imprivata.eu');
    assert.equal(withRegion('- cloud.imprivata.com', 'eu'), '- cloud.imprivata.com');
  });

  it('fills in snippet defaults: placeholders, choices, mirrors and escapes', () => {
    assert.equal(snippetDefaults('${1:a} ${2|x,y|} ${1} \\${env:X\\} $0'), 'a x a ${env:X} ');
  });
});

function indent(text: string, by: number): string {
  return text
    .split('\n')
    .map((line) => (line ? ' '.repeat(by) + line : line))
    .join('\n');
}
