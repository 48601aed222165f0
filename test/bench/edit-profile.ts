/**
 * In-process profile of the edit path (not a test, not `npm run bench`): builds the example, a 1 MB 20,000-host
 * allowlist and a 1 MB provider roster, applies edits of each class through the language service (update + validate)
 * and prints p50/p90/p99 beside one `yaml` parse of the same text.
 *
 *   npm run build && node out/test/bench/edit-profile.js [--edits N] [--only leaf|global|line|paste] [--file allowlist|roster|example]
 *
 * Profile one class with `node --cpu-prof --cpu-prof-dir=/tmp/prof out/test/bench/edit-profile.js --only leaf`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import type { ConfigDocument, OffsetEdit } from '../../server/src/core/document';
import { keptRuleCount } from '../../server/src/core/analyze';
import { RULES } from '../../server/src/core/rules';
import { createLanguageService } from '../../server/src/core/service';
import { ROOT } from '../support/fixtures';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? undefined : args[at + 1];
};
const EDITS = Number(option('edits') ?? 40);
const ONLY = option('only');
const FILE = option('file');

/** The example with 20,000 more allowlist hosts: about 1 MB. */
export function allowlistFile(example: string): string {
  const hosts: string[] = [];
  for (let i = 0; i < 20000; i++) hosts.push(`    - host${i}.clinic-network.branch.example-health.org`);
  return example.replace('    - cloud.imprivata.com\n', `    - cloud.imprivata.com\n${hosts.join('\n')}\n`);
}

/** The example with a 9,000-provider roster: about 1 MB. */
export function rosterFile(example: string): string {
  const lines: string[] = [];
  for (let i = 0; i < 9000; i++) {
    lines.push(
      `    - name: Provider Number${i} Smith`,
      `      email: provider${i}@example.org`,
      `      mobile: (617) 555-${String(i % 10000).padStart(4, '0')}`,
    );
  }
  return example.replace(/^ {2}providers:.*\n/m, `  providers:\n${lines.join('\n')}\n`);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function parseMs(text: string): number {
  parseDocument(text); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    parseDocument(text);
    times.push(performance.now() - t);
  }
  return quantile(
    times.sort((a, b) => a - b),
    0.5,
  );
}

/** An edit class: given the current text and the edit's number, the edit to apply (undone by the next one). */
type EditMaker = (text: string, i: number) => OffsetEdit;

/** Types one character into the line holding `marker` (at the marker's end), then deletes it, alternately. */
function typing(marker: string): EditMaker {
  return (text, i) => {
    const found = text.indexOf(marker);
    if (found === -1) throw new Error(`no ${marker}`);
    const at = found + marker.length;
    return i % 2 === 0 ? { start: at, end: at, text: 'x' } : { start: at, end: at + 1, text: '' };
  };
}

/** Replaces a value on the line holding `key` by `a` or `b`, alternately. */
function toggle(key: string, a: string, b: string): EditMaker {
  return (text) => {
    const at = text.indexOf(key) + key.length;
    const current = text.startsWith(a, at) ? a : b;
    return { start: at, end: at + current.length, text: current === a ? b : a };
  };
}

/** Inserts a whole list-item line after the line holding `marker`, then deletes it, alternately. */
function lineInsert(marker: string, line: string): EditMaker {
  return (text, i) => {
    const at = text.indexOf(marker) + marker.length + 1;
    return i % 2 === 0 ? { start: at, end: at, text: `${line}\n` } : { start: at, end: at + line.length + 1, text: '' };
  };
}

/** `count` allowlist host lines, as pasted. */
function hostLines(count: number): string {
  return Array.from({ length: count }, (_, i) => `    - pasted${i}.clinic.example-health.org`).join('\n');
}

/** `count` two-line providers, as pasted. */
function providerLines(count: number): string {
  return Array.from({ length: count }, (_, i) => `    - name: Pasted Provider${i}\n      email: pasted${i}@example.org`).join('\n');
}

interface Workload {
  file: string;
  text: string;
  classes: { name: string; kind: 'leaf' | 'global' | 'line' | 'paste'; make: EditMaker }[];
}

function run(): void {
  const example = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
  const globals = [
    { name: 'global: enterprise.region', kind: 'global' as const, make: toggle('  region: ', 'us', 'eu') },
    { name: 'global: enterprise.tenantId', kind: 'global' as const, make: toggle('  tenantId: ', 'examplehealth', 'examplehealty') },
    { name: 'global: identityProofing.mode', kind: 'global' as const, make: toggle('  mode: ', 'individual', 'institutional') },
  ];
  const workloads: Workload[] = [
    {
      file: 'example',
      text: example,
      classes: [
        { name: 'leaf: host', kind: 'leaf', make: typing('    - www.digi') },
        ...globals,
        { name: 'line: allowlist item', kind: 'line', make: lineInsert('    - www.digicert.com', '    - added.example.org') },
        { name: 'paste: 50 allowlist hosts', kind: 'paste', make: lineInsert('    - www.digicert.com', hostLines(50)) },
      ],
    },
    {
      file: 'allowlist',
      text: allowlistFile(example),
      classes: [
        { name: 'leaf: host mid-list', kind: 'leaf', make: typing('    - host10000.clin') },
        ...globals,
        {
          name: 'line: allowlist item',
          kind: 'line',
          make: lineInsert('    - host10000.clinic-network.branch.example-health.org', '    - added.example.org'),
        },
        {
          name: 'paste: 50 allowlist hosts',
          kind: 'paste',
          make: lineInsert('    - host10000.clinic-network.branch.example-health.org', hostLines(50)),
        },
      ],
    },
    {
      file: 'roster',
      text: rosterFile(example),
      classes: [
        { name: 'leaf: provider name', kind: 'leaf', make: typing('    - name: Provider Number4500 Sm') },
        ...globals,
        { name: 'line: roster item', kind: 'line', make: lineInsert('      mobile: (617) 555-4500', '    - name: Added Provider') },
        { name: 'paste: 25 providers', kind: 'paste', make: lineInsert('      mobile: (617) 555-4500', providerLines(25)) },
      ],
    },
  ];
  const service = createLanguageService();
  for (const workload of workloads) {
    if (FILE && workload.file !== FILE) continue;
    const parse = parseMs(workload.text);
    console.log(`\n${workload.file}: ${(workload.text.length / 1024).toFixed(0)} KiB, yaml parse ${parse.toFixed(1)} ms`);
    for (const editClass of workload.classes) {
      if (ONLY && editClass.kind !== ONLY) continue;
      let text = workload.text;
      let doc: ConfigDocument = service.parse(text);
      service.validate(doc);
      const times: number[] = [];
      let incremental = 0;
      let kept = 0;
      for (let i = 0; i < EDITS; i++) {
        const edit = editClass.make(text, i);
        text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
        const started = performance.now();
        doc = service.update(doc, text, [edit]);
        service.validate(doc);
        times.push(performance.now() - started);
        if (doc.incremental) incremental++;
        kept += keptRuleCount(doc) ?? 0;
      }
      times.sort((a, b) => a - b);
      const [p50, p90, p99] = [0.5, 0.9, 0.99].map((q) => quantile(times, q));
      console.log(
        `  ${editClass.name.padEnd(32)} p50 ${p50.toFixed(1).padStart(7)} ms  p90 ${p90.toFixed(1).padStart(7)}  p99 ${p99.toFixed(1).padStart(7)}  (${(p50 / parse).toFixed(2)}x parse; ${incremental}/${EDITS} re-parsed incrementally; ${(kept / EDITS).toFixed(0)}/${RULES.length} rules kept)`,
      );
    }
  }
  const rss = process.memoryUsage().rss / 1048576;
  console.log(`\nrss ${rss.toFixed(0)} MB`);
}

if (require.main === module) run();
