/**
 * Completion's and hover's view of the allowlist (allowlist-hosts.ts) comes from the snapshot's host tallies, kept
 * incrementally from edit to edit. Checked against two readings of the whole list made independently of them: the
 * rules' findings (a host is `missing` exactly when its rule reports it missing) and every entry read in full (a host
 * is `listed` exactly when an entry names it or a wildcard lets it through on its documented port and protocol).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { handOverAnalysis } from '../../../server/src/core/analyze';
import type { ConfigDocument, OffsetEdit } from '../../../server/src/core/document';
import { covers, hostAnalysis } from '../../../server/src/core/domain/hosts';
import { DIGICERT_HOSTS, OCSP_TEST_HOST } from '../../../server/src/core/domain/regions';
import { hostCandidates, hostFacts } from '../../../server/src/core/intelligence/allowlist-hosts';
import { modelOf } from '../../../server/src/core/model';
import { compactSnapshot } from '../../../server/src/core/reparse';
import { createLanguageService } from '../../../server/src/core/service';

const service = createLanguageService();

/** What the candidates should say, read from a fresh full parse of `text`. */
function expected(text: string): { host: string; listed: boolean; missing: boolean }[] {
  const doc = service.parse(text);
  const findings = service.validate(doc);
  const entries = hostAnalysis(modelOf(doc)).entries;
  const pairOf = (host: string) => [...DIGICERT_HOSTS, OCSP_TEST_HOST].find((d) => d.host === host) ?? { port: 443, protocol: 'https' };
  return hostCandidates(doc).map((c) => {
    const pair = pairOf(c.host);
    const listed = entries.some(({ host: e }) => {
      const h = e.parsed.normalized;
      return h === c.host || (covers(h, c.host) && e.port === pair.port && e.protocol === pair.protocol);
    });
    const missing = findings.some(
      (f) => f.ruleId === c.rule && f.message.includes(`\`${c.host}\``) && /missing|does not allow/.test(f.message),
    );
    return { host: c.host, listed, missing };
  });
}

function actual(doc: ConfigDocument): { host: string; listed: boolean; missing: boolean }[] {
  return hostCandidates(doc).map(({ host, listed, missing }) => ({ host, listed, missing }));
}

const HEAD = (region: string, mode: string, environment: string, cloud: boolean) =>
  `enterprise:\n  name: Acme\n  region: ${region}\n  tenantId: acme\n  environment: ${environment}\n` +
  (cloud ? 'cloudPlatform:\n  adminConsoleSso: saml\n' : '') +
  `identityProofing:\n  mode: ${mode}\n`;

/** The cases the tallies must get right: repeats, references, another suffix, wildcards, variants, other pairs. */
const ENTRIES = [
  '    - astra.sys.imprivata.com',
  '    - astra.sys.imprivata.com',
  '    - ASTRA.sys.imprivata.com.',
  '    - "${env:PORTAL_HOST}"',
  '    - host: "${env:IDP_HOST}"\n      port: 443',
  '    - host: idp.app.imprivata.com\n      port: "${env:IDP_PORT}"',
  '    - acme.sys.imprivata.eu',
  '    - "*.digicert.com"',
  '    - host: ocsp.digicert.com\n      port: 443',
  '    - metdata.app.imprivata.com',
  '    - api.digicret.com',
  '    - <tenant>.sys.imprivata.com',
  '    - "*.amazonaws.com"',
  '    - gateway-1.example.org',
];

describe('allowlist completion and hover read the host tallies', () => {
  const variants: [string, string, string, boolean][] = [
    ['us', 'individual', 'test', true],
    ['us', 'institutional', 'test', true],
    ['eu', 'individual', 'production', true],
    ['us', 'individual', 'test', false],
  ];
  for (const [region, mode, environment, cloud] of variants) {
    it(`region ${region}, ${mode} proofing, ${environment}${cloud ? '' : ', no cloudPlatform'}: listed and missing as the rules read the whole list`, () => {
      const text = `${HEAD(region, mode, environment, cloud)}firewall:\n  allowlist:\n${ENTRIES.join('\n')}\n`;
      const doc = service.parse(text);
      const got = actual(doc);
      assert.deepEqual(got, expected(text));
      // The cases are meaningful: some hosts listed, some missing, some neither (a variant stands for them).
      assert.ok(got.some((c) => c.listed) && got.some((c) => c.missing) && got.some((c) => !c.listed && !c.missing));
      assert.equal(
        got.some((c) => c.host.includes('digicert')),
        mode === 'individual',
      );
    });
  }

  it('a host listed twice stays listed when one of the two is retyped, and goes missing with the second', () => {
    const text = `${HEAD('us', 'institutional', 'production', true)}firewall:\n  allowlist:\n    - astra.sys.imprivata.com\n    - gateway.example.org\n    - astra.sys.imprivata.com\n`;
    let doc = service.parse(text);
    service.validate(doc);
    const astra = (d: ConfigDocument) => actual(d).find((c) => c.host === 'astra.sys.imprivata.com');
    assert.deepEqual(astra(doc), { host: 'astra.sys.imprivata.com', listed: true, missing: false });
    let current = text;
    for (const nth of [0, 1]) {
      // Retyped as another host altogether (a misspelling would still stand for astra: IMP-HOST-006).
      const at = current.indexOf('astra.sys.imprivata.com\n');
      const edit: OffsetEdit = { start: at, end: at + 'astra'.length, text: 'portal' };
      current = current.slice(0, at) + 'portal' + current.slice(at + 'astra'.length);
      doc = service.update(doc, current, [edit]);
      assert.ok(doc.incremental, 'a leaf edit: the tallies are carried, not recounted');
      assert.deepEqual(astra(doc), { host: 'astra.sys.imprivata.com', listed: nth === 0, missing: nth === 1 });
      assert.deepEqual(actual(doc), expected(current));
      service.validate(doc);
    }
  });

  it('random edits of entries and global facts, analyzed, compacted or neither in between: always what a full reading says', () => {
    const hosts = [
      'astra.sys.imprivata.com',
      'access.imprivata.com',
      'acme.sys.imprivata.eu',
      'api.digicert.com',
      '"*.digicert.com"',
      '"${env:H}"',
      'metdata.app.imprivata.com',
      'ocsptest.digicert.com',
    ];
    const start = `${HEAD('us', 'individual', 'test', true)}firewall:\n  allowlist:\n${hosts.map((h) => `    - ${h}`).join('\n')}\n${Array.from(
      { length: 40 },
      (_, i) => `    - gateway-${i}.example.org`,
    ).join('\n')}\n`;
    /** An edit chosen by numbers: retype an entry as another host, type into one, or change the region or mode. */
    const edit = fc
      .tuple(fc.nat(), fc.nat(), fc.constantFrom('retype', 'type', 'region', 'mode', 'line'))
      .map(([a, b, kind]) => (text: string): OffsetEdit | undefined => {
        const lines = [...text.matchAll(/^ {4}- (.+)$/gm)];
        const line = lines[a % lines.length];
        if (!line || line.index === undefined) return undefined;
        const valueStart = line.index + 6;
        if (kind === 'retype') return { start: valueStart, end: valueStart + line[1].length, text: hosts[b % hosts.length] };
        if (kind === 'type')
          return { start: valueStart + (b % (line[1].length + 1)), end: valueStart + (b % (line[1].length + 1)), text: 'x' };
        if (kind === 'line') return { start: line.index, end: line.index, text: `    - ${hosts[b % hosts.length]}\n` };
        const [key, from, to] = kind === 'region' ? ['region: ', 'us', 'eu'] : ['mode: ', 'individual', 'institutional'];
        const at = text.indexOf(key) + key.length;
        const now = text.startsWith(from, at) ? from : to;
        return { start: at, end: at + now.length, text: now === from ? to : from };
      });
    fc.assert(
      fc.property(fc.array(fc.tuple(edit, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 12 }), (steps) => {
        let text = start;
        let doc = service.parse(text);
        service.validate(doc);
        for (const [choose, analyzed, compacted] of steps) {
          const change = choose(text);
          if (!change) continue;
          text = text.slice(0, change.start) + change.text + text.slice(change.end);
          doc = service.update(doc, text, [change]);
          // A broken file (typing after a closing quote) is judged by its syntax error alone: nothing to compare.
          if (doc.syntaxProblems.length === 0) assert.deepEqual(actual(doc), expected(text), text);
          // Analyzed: the findings, made incrementally from the last analysis (handed over by a compaction or not), are a full analysis'.
          if (analyzed) assert.deepEqual(service.validate(doc), service.validate(service.parse(text)), text);
          // Compacted (as the server does when idle): the tallies move on to the compacted snapshot, and with them
          // the analysis when it had finished.
          if (compacted) {
            const before = doc;
            doc = compactSnapshot(doc);
            handOverAnalysis(before, doc);
            // The same guard as above (seed 1308941783 typed after a closing quote, then compacted).
            if (doc.syntaxProblems.length === 0) assert.deepEqual(actual(doc), expected(text), text);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('hover on a host reads that entry alone, in the file context', () => {
    const text = `${HEAD('eu', 'individual', 'test', true)}firewall:\n  allowlist:\n${ENTRIES.join('\n')}\n`;
    const doc = service.parse(text);
    const facts = (host: string) => {
      const index = hostAnalysis(modelOf(doc)).entries.findIndex((e) => e.host.value === host);
      return hostFacts(doc, hostAnalysis(modelOf(doc)).entries[index].host.entry.index);
    };
    assert.match(facts('astra.sys.imprivata.com')?.note ?? '', /suffix `\.com` is not the region's `\.eu` \(IMP-HOST-004\)/);
    assert.match(facts('${env:PORTAL_HOST}')?.note ?? '', /not judged here/);
    assert.match(facts('api.digicret.com')?.note ?? '', /misspelling of `api\.digicert\.com` \(IMP-HOST-006\)/);
    assert.equal(facts('ocsp.digicert.com')?.known?.rule, 'IMP-HOST-008');
    assert.match(facts('*.amazonaws.com')?.known?.purpose ?? '', /Amazon S3/);
    assert.equal(hostFacts(doc, 999), undefined);
  });
});
