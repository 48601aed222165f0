import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../../server/src/core/analyze';
import { ConfigDocument } from '../../../server/src/core/document';
import { documentLinks } from '../../../server/src/core/intelligence/links';
import { documentSymbols, foldingRanges, selectionRanges } from '../../../server/src/core/intelligence/outline';
import { prepareRename, rename } from '../../../server/src/core/intelligence/rename';
import type { DocumentSymbol, RenameEdit, SelectionRange } from '../../../server/src/core/intelligence/types';
import { ROOT } from '../../support/fixtures';
import { atCursor } from './harness';

const NAVIGATION = path.join(ROOT, 'test/fixtures/intelligence/imprivata-enterprise-navigation.yaml');
const EXAMPLE = path.join(ROOT, 'examples/imprivata-enterprise.yaml');

function load(file: string): ConfigDocument {
  return new ConfigDocument(readFileSync(file, 'utf8'), file);
}

function find(symbols: DocumentSymbol[], name: string): DocumentSymbol {
  const found = symbols.find((s) => s.name === name);
  assert.ok(found, `no symbol ${name} among ${symbols.map((s) => s.name).join(', ')}`);
  return found;
}

function flatten(symbols: DocumentSymbol[]): DocumentSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children)]);
}

function applyEdits(text: string, edits: { span: { start: number; end: number }; newText: string }[]): string {
  return [...edits]
    .sort((a, b) => b.span.start - a.span.start)
    .reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

describe('document symbols', () => {
  it('sections at the top, appliances by host, allowlist entries, providers by name, mappings nested', () => {
    const doc = load(EXAMPLE);
    const symbols = documentSymbols(doc);
    assert.deepEqual(
      symbols.map((s) => s.name),
      [
        'version',
        'enterprise',
        'appliances',
        'cloudPlatform',
        'firewall',
        'identityProvider',
        'smtp',
        'identityProofing',
        'directory',
        'licenses',
        'notifications',
      ],
    );
    const appliances = find(symbols, 'appliances');
    assert.equal(appliances.kind, 'section');
    assert.deepEqual(
      appliances.children.map((c) => [c.name, c.kind]),
      [
        ['imp-appliance-01.example.org', 'appliance'],
        ['imp-appliance-02.example.org', 'appliance'],
      ],
    );
    const allowlist = find(find(symbols, 'firewall').children, 'allowlist');
    assert.equal(allowlist.detail, '11 items');
    assert.deepEqual(
      allowlist.children.slice(0, 2).map((c) => [c.name, c.kind]),
      [
        ['examplehealth.sys.imprivata.com', 'host'],
        ['astra.sys.imprivata.com', 'host'],
      ],
    );
    assert.equal(allowlist.children[7].name, 'ocsp.digicert.com');
    const providers = find(find(symbols, 'identityProofing').children, 'providers');
    assert.deepEqual(
      providers.children.map((c) => [c.name, c.kind]),
      [
        ['Dana Rivera', 'provider'],
        ['Sam Okafor', 'provider'],
      ],
    );
    assert.equal(find(symbols, 'identityProvider').detail, 'entra-id');
    assert.equal(find(symbols, 'smtp').detail, 'oauth2');
    assert.equal(find(find(find(symbols, 'identityProvider').children, 'adminGroups').children, 'source').detail, 'group-id');
  });

  it('every selection span lies in its symbol span, every child in its parent', () => {
    const check = (symbols: DocumentSymbol[], parent?: DocumentSymbol) => {
      for (const s of symbols) {
        assert.ok(s.span.start <= s.selectionSpan.start && s.selectionSpan.end <= s.span.end, s.name);
        if (parent) assert.ok(parent.span.start <= s.span.start && s.span.end <= parent.span.end, `${s.name} in ${parent.name}`);
        check(s.children, s);
      }
    };
    check(documentSymbols(load(EXAMPLE)));
    check(documentSymbols(load(NAVIGATION)));
  });

  it('never shows a secret value, even a literal one', () => {
    const all = flatten(documentSymbols(load(NAVIGATION)));
    assert.equal(find(all, 'password').detail, undefined);
    assert.ok(!all.some((s) => (s.detail ?? '').includes('not-a-reference')));
    assert.equal(find(all, 'server').detail, 'smtp.acme.example');
  });

  it('a file that is not a mapping has no symbols', () => {
    assert.deepEqual(documentSymbols(new ConfigDocument('- a\n- b\n')), []);
    assert.deepEqual(documentSymbols(new ConfigDocument('')), []);
  });
});

describe('folding ranges', () => {
  it('each multi-line block, the comment runs and the # region markers', () => {
    const doc = load(NAVIGATION);
    const ranges = foldingRanges(doc);
    const lineOf = (needle: string) => doc.text.slice(0, doc.text.indexOf(needle)).split('\n').length - 1;
    const has = (startLine: number, endLine: number, kind?: string) =>
      ranges.some((r) => r.startLine === startLine && r.endLine === endLine && r.kind === kind);
    assert.ok(has(0, 2, 'comment'), 'the heading comment');
    assert.ok(has(lineOf('enterprise:'), lineOf('tenantId: acmehealth')), 'enterprise');
    assert.ok(has(lineOf('appliances:'), lineOf('site: Munich') + 1), 'appliances');
    assert.ok(has(lineOf('- host: imp-eu-01'), lineOf('site: Berlin') + 1), 'the first appliance');
    assert.ok(has(lineOf('firewall:'), lineOf('idp.app.imprivata.eu')), 'firewall');
    assert.ok(has(lineOf('# region firewall'), lineOf('# endregion'), 'region'));
    assert.ok(has(lineOf('adminGroups:'), lineOf('source: group-id')), 'adminGroups');
    for (const r of ranges) assert.ok(r.endLine > r.startLine);
  });
});

describe('selection ranges', () => {
  const chain = (range: SelectionRange, text: string): string[] => {
    const out: string[] = [];
    for (let r: SelectionRange | undefined = range; r; r = r.parent) out.push(text.slice(r.span.start, r.span.end));
    return out;
  };

  it('word, value, item, list, pair, block, ..., document; each range contains the one before', () => {
    const { doc, offset, text } = atCursor(
      'version: 1\nfirewall:\n  allowlist:\n    - astra.sys.imp|rivata.com\n    - access.imprivata.com\n',
    );
    const [range] = selectionRanges(doc, [offset]);
    const texts = chain(range, text);
    assert.deepEqual(texts.slice(0, 3), ['imprivata', 'astra.sys.imprivata.com', '- astra.sys.imprivata.com']);
    assert.ok(texts.includes('allowlist:\n    - astra.sys.imprivata.com\n    - access.imprivata.com'));
    assert.equal(texts[texts.length - 1], text);
    for (let r: SelectionRange | undefined = range; r?.parent; r = r.parent) {
      assert.ok(r.parent.span.start <= r.span.start && r.span.end <= r.parent.span.end);
      assert.ok(r.parent.span.start < r.span.start || r.span.end < r.parent.span.end, 'strictly larger');
    }
  });

  it('on a key: the key, then its pair', () => {
    const { doc, offset, text } = atCursor('smtp:\n  mo|de: basic\n  server: x\n');
    assert.deepEqual(chain(selectionRanges(doc, [offset])[0], text).slice(0, 4), [
      'mode',
      'mode: basic',
      'mode: basic\n  server: x',
      'smtp:\n  mode: basic\n  server: x',
    ]);
  });

  it('between nodes: the offset itself inside the document', () => {
    const { doc, offset } = atCursor('version: 1\n\n|\n');
    const [range] = selectionRanges(doc, [offset]);
    assert.ok(range.span.start <= offset && offset <= range.span.end);
  });
});

describe('document links', () => {
  it('the logo and the metadata file open the file next to the configuration; URLs open; disabled rule IDs open their docs', () => {
    const doc = load(NAVIGATION);
    const links = documentLinks(doc);
    const shown = links.map((l) => [doc.text.slice(l.span.start, l.span.end), l.target.kind === 'file' ? l.target.path : l.target.url]);
    const dir = path.dirname(NAVIGATION);
    assert.deepEqual(shown, [
      ['assets/logo.png', path.join(dir, 'assets/logo.png')],
      ['IMP-IDP-005', 'https://github.com/imprivata-config/imprivata-config/blob/main/docs/rules.md#imp-idp-005'],
      ['metadata/idp.xml', path.join(dir, 'metadata/idp.xml')],
      ['https://access.imprivata.eu', 'https://access.imprivata.eu'],
    ]);
  });

  it('no link for allowlist hosts, ${env:} references, or a file without a path on disk', () => {
    const doc = new ConfigDocument(
      'cloudPlatform:\n  logo: assets/logo.png\n  integrationToken: ${env:X}\nfirewall:\n  allowlist:\n    - https://astra.sys.imprivata.com\n',
    );
    assert.deepEqual(documentLinks(doc), []);
  });

  it('the example: its metadata URL and the claim URI are URLs, quoted values map to their text', () => {
    const doc = load(EXAMPLE);
    const urls = documentLinks(doc)
      .filter((l) => l.target.kind === 'url')
      .map((l) => doc.text.slice(l.span.start, l.span.end));
    assert.ok(urls[0].startsWith('https://login.microsoftonline.com/'));
    assert.ok(urls.includes('http://schemas.microsoft.com/ws/2008/06/identity/claims/groups'));
    const quoted = new ConfigDocument('identityProvider:\n  signOnUrl: "https://access.imprivata.com"\n');
    const [link] = documentLinks(quoted);
    assert.equal(quoted.text.slice(link.span.start, link.span.end), 'https://access.imprivata.com');
  });
});

describe('rename of the tenant ID', () => {
  it('prepareRename on enterprise.tenantId says what will change: the ID and the tenant host', () => {
    const doc = load(NAVIGATION);
    const offset = doc.text.indexOf('acmehealth');
    const prepared = prepareRename(doc, offset + 2);
    assert.ok(!('refused' in prepared));
    assert.equal(doc.text.slice(prepared.span.start, prepared.span.end), 'acmehealth');
    assert.equal(prepared.placeholder, 'acmehealth');
    assert.deepEqual(prepared.changes, [
      '`enterprise.tenantId` (line 9)',
      'the tenant host `acmehealth.sys.imprivata.eu` in the allowlist (line 28)',
    ]);
  });

  it('renames both, from the ID or from the host, and the file stays free of IMP-HOST-003', () => {
    const doc = load(NAVIGATION);
    for (const at of [doc.text.indexOf('tenantId:') + 3, doc.text.indexOf('acmehealth.sys') + 4]) {
      const edits = rename(doc, at, 'acme-eu') as RenameEdit[];
      assert.ok(Array.isArray(edits), JSON.stringify(edits));
      assert.equal(edits.length, 2);
      const after = applyEdits(doc.text, edits);
      assert.match(after, /\n {2}tenantId: acme-eu\n/);
      assert.match(after, /\n {4}- acme-eu\.sys\.imprivata\.eu\n/);
      assert.equal(analyzeText(after, NAVIGATION).findings.filter((f) => f.ruleId.startsWith('IMP-HOST-')).length, 0);
      assert.deepEqual(
        edits.map((e) => e.label),
        ['Tenant ID (`enterprise.tenantId`)', 'Tenant host in the allowlist: `acmehealth.sys.imprivata.eu`'],
      );
    }
  });

  it('quoted IDs and map-form hosts keep their form', () => {
    const text = 'enterprise:\n  tenantId: "Acme"\nfirewall:\n  allowlist:\n    - host: "acme.sys.imprivata.com"\n      port: 443\n';
    const doc = new ConfigDocument(text);
    const edits = rename(doc, text.indexOf('Acme') + 1, 'beta') as RenameEdit[];
    assert.equal(
      applyEdits(text, edits),
      'enterprise:\n  tenantId: "beta"\nfirewall:\n  allowlist:\n    - host: "beta.sys.imprivata.com"\n      port: 443\n',
    );
  });

  it('refuses elsewhere, an invalid label, and an ${env:} tenant, saying why', () => {
    const doc = load(NAVIGATION);
    const elsewhere = prepareRename(doc, doc.text.indexOf('displayName') + 2);
    assert.ok('refused' in elsewhere && /enterprise\.tenantId/.test(elsewhere.refused));
    const bad = rename(doc, doc.text.indexOf('acmehealth'), 'acme health');
    assert.ok('refused' in bad && /letters, digits and hyphens/.test(bad.refused));
    const env = new ConfigDocument('enterprise:\n  tenantId: ${env:TENANT}\n');
    const refused = prepareRename(env, env.text.indexOf('TENANT'));
    assert.ok('refused' in refused && /\$\{env:\}/.test(refused.refused));
    assert.deepEqual(rename(doc, doc.text.indexOf('acmehealth'), 'acmehealth'), []);
  });
});
