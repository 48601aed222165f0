/**
 * fast-check generators of hostile configuration files: mutations of every fixture and example, structures that
 * cost a naive parser or rule dearly (nesting, alias and merge bombs, very many anchors, keys, items, comments,
 * huge scalars), odd encodings (NUL, lone CR, CRLF, BOM, invalid UTF-8 decoded to U+FFFD), every schema key with
 * every wrong type, and known secret values in every secret key in every spelling.
 *
 * Every generator returns a FuzzDocument: the text, and the secrets written into it (which no output may contain).
 * Sizes are bounded by a scale so the mocha suite stays fast and `npm run fuzz` can go to 100,000 of a kind.
 */
import fc from 'fast-check';
import { Document, isMap, isSeq, parseDocument } from 'yaml';
import { SCHEMA } from '../../server/src/core/schema';
import { referenceExample, seedDocuments } from './corpus';
import type { FuzzDocument } from './properties';

export interface Scale {
  /** Largest count of repeated things (anchors, keys, items, comments, nesting levels). */
  maxCount: number;
  /** Largest scalar, in characters. */
  maxScalar: number;
}

/** For the mocha suite: fast. */
export const SMALL: Scale = { maxCount: 2_000, maxScalar: 64 * 1024 };
/** For `npm run fuzz`: the sizes the issue names. */
export const LARGE: Scale = { maxCount: 100_000, maxScalar: 1024 * 1024 };

// ---------------------------------------------------------------------------------------------------------------
// Secrets

const ALPHANUMERIC = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];

/** A random secret of 12 to 32 letters and digits. */
export const secretToken: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(...ALPHANUMERIC), minLength: 12, maxLength: 32 });

/** The secret-bearing keys and the section each lives in. */
export const SECRET_KEYS: readonly { section: string; key: string }[] = [
  { section: 'smtp', key: 'password' },
  { section: 'smtp', key: 'secret' },
  { section: 'cloudPlatform', key: 'integrationToken' },
  { section: 'identityProvider', key: 'adminPassword' },
];

/**
 * Ways to write a secret as the value of a key (`key:` precedes it; `indent` is the key's indentation). Some are
 * not valid YAML on purpose: a parser's complaint must not quote the secret either.
 */
export const SECRET_SPELLINGS: readonly ((secret: string, indent: string) => string)[] = [
  (s) => ` ${s}`,
  (s) => ` '${s}'`,
  (s) => ` "${s}"`,
  (s, i) => ` |\n${i}  ${s}`,
  (s, i) => ` >-\n${i}  ${s}`,
  (s, i) => ` |+\n${i}  ${s}\n`,
  (s) => ` *${s}`,
  (s) => ` |${s}`,
  (s) => ` >${s}`,
  (s) => ` &${s}`,
  (s) => ` &anchor ${s}`,
  (s) => ` !${s}`,
  (s) => ` !secret ${s}`,
  (s) => ` !!str ${s}`,
  (s) => ` !!binary ${s}`,
  (s) => ` %${s}`,
  (s) => ` @${s}`,
  (s) => ` \`${s}`,
  (s) => ` [${s}]`,
  (s) => ` {value: ${s}}`,
  (s) => ` {${s}: x}`,
  (s, i) => `\n${i}  - ${s}`,
  (s, i) => `\n${i}  ${s}: x`,
  (s) => ` ${s}\${env:X}`,
  (s) => ` \${env:X}${s}`,
  (s) => ` ${s}\${env:}`,
  (s) => ` "${s}`,
  (s) => ` '${s}`,
  (s) => ` ${s} # a comment`,
  (s) => ` ${s}: x`,
  (s) => ` - ${s}`,
  (s) => ` ? ${s}`,
  (s, i) => ` ${s.slice(0, 6)}\n${i}  ${s.slice(6)}`,
  (s) => ` ${s}\t`,
  (s) => ` "\\u00${s}"`,
  (s) => ` !!int ${s}`,
  (s) => ` ${s}\u0000`,
  (s) => ` ${s}\uFFFD`,
];

/** Ways to write the key itself. */
const KEY_SPELLINGS: readonly ((key: string) => string)[] = [(k) => k, (k) => `"${k}"`, (k) => `'${k}'`];

const secretAssignment = fc.record({
  which: fc.nat({ max: SECRET_KEYS.length - 1 }),
  spelling: fc.nat({ max: SECRET_SPELLINGS.length - 1 }),
  keySpelling: fc.nat({ max: KEY_SPELLINGS.length - 1 }),
  secret: secretToken,
});

const SECTION_BODIES: Readonly<Record<string, readonly string[]>> = {
  smtp: [
    'mode: basic\n  server: smtp.example.org\n  username: imprivata-relay\n  from: imprivata-noreply@example.org',
    'mode: oauth2\n  from: imprivata-noreply@example.org\n  clientId: 2d4f6a8c-1b3d-4e5f-9a7b-0c2e4f6a8b1d\n  tenantId: 0c8f6a2b-5d4e-4f3a-9b1c-7e6d5c4b3a29\n  username: svc@example.org',
    'server: smtp.office365.com',
  ],
  cloudPlatform: ['integrationId: 4b1f7c2e-9d3a-4e5b-8c6d-2f1a0b9e8d7c\n  adminConsoleSso: saml', 'logo: assets/logo.png'],
  identityProvider: [
    'type: imprivata-directory\n  directoryDomain: examplehealth\n  adminUsername: admin@examplehealth',
    'type: entra-id\n  organizationDomain: example.org',
    'type: saml',
  ],
};

/** A document with secrets in secret keys, each in some spelling, around realistic sections. */
export const secretDocument: fc.Arbitrary<FuzzDocument> = fc
  .record({
    assignments: fc.array(secretAssignment, { minLength: 1, maxLength: 4 }),
    bodies: fc.record({ smtp: fc.nat({ max: 2 }), cloudPlatform: fc.nat({ max: 1 }), identityProvider: fc.nat({ max: 2 }) }),
    flowSmtp: fc.boolean(),
    explicitKey: fc.boolean(),
  })
  .map(({ assignments, bodies, flowSmtp, explicitKey }) => {
    const sections = new Map<string, string[]>();
    const secrets: string[] = [];
    for (const { which, spelling, keySpelling, secret } of assignments) {
      const { section, key } = SECRET_KEYS[which];
      const value = SECRET_SPELLINGS[spelling](secret, '  ');
      const line = explicitKey ? `? ${KEY_SPELLINGS[keySpelling](key)}\n  :${value}` : `${KEY_SPELLINGS[keySpelling](key)}:${value}`;
      sections.set(section, [...(sections.get(section) ?? []), line]);
      secrets.push(secret);
    }
    let text = 'version: 1\nenterprise:\n  tenantId: examplehealth\n  region: us\n';
    for (const [section, lines] of sections) {
      const body = SECTION_BODIES[section][bodies[section as keyof typeof bodies]];
      if (section === 'smtp' && flowSmtp && lines.every((l) => !l.includes('\n'))) {
        text += `smtp: {${[body.replace(/\n\s*/g, ', '), ...lines].join(', ')}}\n`;
      } else {
        text += `${section}:\n  ${body}\n${lines.map((l) => `  ${l.replace(/\n/g, '\n  ')}`).join('\n')}\n`;
      }
    }
    return { family: 'secrets', text, secrets };
  });

/** Overwrites the value of every secret-key line of a text (in any section, any key spelling) with a spelled secret. */
export function placeSecrets(text: string, secrets: readonly string[], spellings: readonly number[]): { text: string; placed: string[] } {
  const placed: string[] = [];
  let index = 0;
  const out = text.replace(
    /^([ \t]*(?:-[ \t]+)?)(["']?)(password|secret|integrationToken|adminPassword)\2[ \t]*:[^\r\n]*/gm,
    (_line, indent: string, quote: string, key: string) => {
      if (index >= secrets.length) return _line;
      const secret = secrets[index];
      const spelling = SECRET_SPELLINGS[spellings[index % spellings.length] % SECRET_SPELLINGS.length];
      index++;
      placed.push(secret);
      return `${indent}${quote}${key}${quote}:${spelling(secret, indent.replace(/[^ \t]/g, ' '))}`;
    },
  );
  return { text: out, placed };
}

// ---------------------------------------------------------------------------------------------------------------
// Encodings and line ends

export type Encoding =
  'as-is' | 'crlf' | 'cr' | 'mixed-ends' | 'bom' | 'nul' | 'replacement' | 'invalid-utf8' | 'latin1' | 'lone-surrogate';

export const encoding: fc.Arbitrary<Encoding> = fc.constantFrom(
  'as-is',
  'as-is',
  'as-is',
  'crlf',
  'cr',
  'mixed-ends',
  'bom',
  'nul',
  'replacement',
  'invalid-utf8',
  'latin1',
  'lone-surrogate',
);

/** Re-encodes a text as a hostile editor or file might have it; `at` (0..1) picks where a damaging byte goes. */
export function encode(text: string, how: Encoding, at: number, bytes: Uint8Array): string {
  const position = Math.floor(at * text.length);
  const insert = (s: string) => text.slice(0, position) + s + text.slice(position);
  switch (how) {
    case 'as-is':
      return text;
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'cr':
      return text.replace(/\r?\n/g, '\r');
    case 'mixed-ends': {
      let i = 0;
      return text.replace(/\r?\n/g, () => ['\n', '\r\n', '\r'][i++ % 3]);
    }
    case 'bom':
      return '\uFEFF' + text;
    case 'nul':
      return insert('\u0000');
    case 'replacement':
      return insert('\uFFFD');
    case 'invalid-utf8':
      // Random bytes decoded the way the CLI and editors decode a file: invalid sequences become U+FFFD.
      return insert(new TextDecoder('utf-8').decode(bytes));
    case 'latin1': {
      // A Latin-1 file read as UTF-8: every byte above 0x7F in it is invalid.
      const latin = Buffer.from([...text].map((c) => (c.charCodeAt(0) > 0xff ? '?' : c)).join(''), 'latin1');
      if (latin.length > 0) latin[Math.min(latin.length - 1, position)] = 0xe9;
      return new TextDecoder('utf-8').decode(latin);
    }
    case 'lone-surrogate':
      return insert('\uD800');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations of fixtures and examples

const SNIPPETS: readonly string[] = [
  '*x',
  '&a ',
  '<<: *a\n',
  '<<: [*a, *b]\n',
  '!!binary ',
  '!secret ',
  '? ',
  '- ',
  ': ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '|',
  '>',
  '# imprivata-disable all\n',
  '# imprivata-disable-next-line IMP-DOC-002\n',
  '"# imprivata-disable all"',
  '${env:X}',
  '${env:}',
  '~',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '%TAG ! tag:example.com,2000:\n',
  '\uFEFF',
  '\u0000',
  '\u00a0',
  '\u200b',
  '\u2028',
  '\u0085',
  'null',
  '0x1F',
  '1e400',
  '.nan',
  'true',
  '- *.amazonaws.com\n',
  '<tenantID>',
  '  ',
  ',',
  '#',
  ':',
  '@',
  '`',
  '%',
];

export type MutationKind =
  'delete' | 'insert-snippet' | 'splice-other-seed' | 'duplicate-line' | 'swap-lines' | 'indent' | 'dedent' | 'truncate' | 'replace-char';

const mutation = fc.record({
  kind: fc.constantFrom<MutationKind>(
    'delete',
    'insert-snippet',
    'splice-other-seed',
    'duplicate-line',
    'swap-lines',
    'indent',
    'dedent',
    'truncate',
    'replace-char',
  ),
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  other: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  length: fc.nat({ max: 80 }),
  snippet: fc.nat({ max: SNIPPETS.length - 1 }),
  seed: fc.nat(),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const position = Math.floor(m.at * (text.length + 1));
  const lines = text.split('\n');
  const lineIndex = Math.floor(m.at * lines.length);
  const otherLine = Math.floor(m.other * lines.length);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, position) + text.slice(position + m.length);
    case 'insert-snippet':
      return text.slice(0, position) + SNIPPETS[m.snippet] + text.slice(position);
    case 'splice-other-seed': {
      const seeds = seedDocuments();
      const donor = seeds[m.seed % seeds.length].text;
      const from = Math.floor(m.other * donor.length);
      return text.slice(0, position) + donor.slice(from, from + m.length * 4) + text.slice(position);
    }
    case 'duplicate-line':
      lines.splice(lineIndex, 0, lines[lineIndex] ?? '');
      return lines.join('\n');
    case 'swap-lines': {
      const a = lines[lineIndex];
      lines[lineIndex] = lines[otherLine];
      lines[otherLine] = a;
      return lines.join('\n');
    }
    case 'indent':
      lines[lineIndex] = (m.length % 2 ? '\t' : '  ') + (lines[lineIndex] ?? '');
      return lines.join('\n');
    case 'dedent':
      lines[lineIndex] = (lines[lineIndex] ?? '').replace(/^ {1,2}/, '');
      return lines.join('\n');
    case 'truncate':
      return text.slice(0, position);
    case 'replace-char':
      return text.slice(0, position) + String.fromCharCode(m.seed % 0x3000) + text.slice(position + 1);
  }
}

/** A fixture or example, mutated 0 to 6 times, re-encoded, with secrets written over its secret keys. */
export const mutatedSeed: fc.Arbitrary<FuzzDocument> = fc
  .record({
    seed: fc.nat(),
    mutations: fc.array(mutation, { maxLength: 6 }),
    secrets: fc.array(secretToken, { maxLength: 4 }),
    spellings: fc.array(fc.nat({ max: SECRET_SPELLINGS.length - 1 }), { minLength: 1, maxLength: 4 }),
    encoding,
    at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    bytes: fc.uint8Array({ maxLength: 24 }),
  })
  .map(({ seed, mutations, secrets, spellings, encoding: how, at, bytes }) => {
    const seeds = seedDocuments();
    const base = seeds[seed % seeds.length];
    let text = base.text;
    for (const m of mutations) text = mutate(text, m);
    const placed = placeSecrets(text, secrets, spellings);
    return { family: `mutated ${base.name}`, text: encode(placed.text, how, at, bytes), secrets: placed.placed };
  });

// ---------------------------------------------------------------------------------------------------------------
// Hostile structures

type Builder = (n: number, scale: Scale) => string;

/** Each builder makes a document from a size n (1..scale.maxCount); names are what the report prints. */
export const HOSTILE_BUILDERS: Readonly<Record<string, Builder>> = {
  'nested flow sequences': (n) => `version: 1\nenterprise: ${'['.repeat(n)}x${']'.repeat(n)}\n`,
  'nested flow mappings': (n) => `version: 1\nenterprise: ${'{a: '.repeat(n)}x${'}'.repeat(n)}\n`,
  'unclosed nesting': (n) => `version: 1\nsmtp: ${'[{'.repeat(n)}\n`,
  'nested block mappings': (n) => {
    const depth = Math.min(n, 1500);
    let text = 'version: 1\nenterprise:\n';
    for (let i = 1; i <= depth; i++) text += `${' '.repeat(i)}k${i}:\n`;
    return text + `${' '.repeat(depth + 1)}x\n`;
  },
  'nested block sequences': (n) => `version: 1\nappliances:\n  ${'- '.repeat(Math.min(n, 5000))}x\n`,
  'alias bomb': (n) => {
    const levels = Math.max(2, Math.min(12, Math.ceil(Math.log2(n + 1))));
    let text = 'version: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < levels; i++)
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    return text + `enterprise:\n  name: *a${levels - 1}\nfirewall:\n  allowlist: *a${levels - 1}\n`;
  },
  'merge bomb': (n) => {
    const levels = Math.max(2, Math.min(12, Math.ceil(Math.log2(n + 1))));
    let text = 'version: 1\nb0: &b0 {host: a.example.org, port: 443}\n';
    for (let i = 1; i < levels; i++)
      text += `b${i}: &b${i}\n  <<: [${Array(8)
        .fill(`*b${i - 1}`)
        .join(', ')}]\n  k${i}: v\n`;
    return text + `smtp:\n  <<: *b${levels - 1}\nappliances:\n  - <<: *b${levels - 1}\n`;
  },
  'many anchors': (n) => {
    let text = 'version: 1\nappliances:\n';
    for (let i = 0; i < n; i++) text += `  - &a${i} {host: h${i}.example.org, cloudConnect: running}\n`;
    return text;
  },
  'many aliases in the allowlist': (n) => {
    let text = 'version: 1\nbase: &h astra.sys.imprivata.com\nfirewall:\n  allowlist:\n';
    for (let i = 0; i < n; i++) text += '    - *h\n';
    return text;
  },
  'many keys in one mapping': (n) => {
    let text = 'version: 1\nenterprise:\n';
    for (let i = 0; i < n; i++) text += `  key${i}: value ${i}\n`;
    return text;
  },
  'many top-level keys': (n) => {
    let text = 'version: 1\n';
    for (let i = 0; i < n; i++) text += `key${i}: ${i}\n`;
    return text;
  },
  'many items': (n) => {
    let text = 'version: 1\nfirewall:\n  allowlist:\n';
    for (let i = 0; i < n; i++) text += `    - host${i}.example.org\n`;
    return text;
  },
  'many comments': (n) => {
    let text = 'version: 1\n';
    for (let i = 0; i < n; i++) text += `# comment ${i}\n`;
    return text + 'enterprise:\n  regio: us\n';
  },
  'many suppression comments': (n) => {
    let text = 'version: 2\nenterprise:\n';
    for (let i = 0; i < n; i++) text += '  # imprivata-disable-next-line IMP-DOC-002\n';
    return text + '  regio: us\n';
  },
  'many suppressions inside strings': (n) => {
    let text = 'version: 2\nenterprise:\n  regio: us\nappliances:\n';
    for (let i = 0; i < n; i++) text += i % 2 ? '  - "# imprivata-disable all"\n' : '  - |\n    # imprivata-disable all\n';
    return text;
  },
  'many syntax errors': (n) => 'version: 1\n' + ': : :\n'.repeat(n),
  'many duplicate keys': (n) => 'version: 1\n' + 'smtp: {}\n'.repeat(n),
  'many documents': (n) => 'version: 1\n' + '---\nversion: 1\n'.repeat(n),
  'huge plain scalar': (n, scale) => `version: 1\nenterprise:\n  name: ${'x'.repeat(scaleChars(n, scale))}\n`,
  'huge quoted scalar': (n, scale) => `version: 1\nenterprise:\n  name: "${'a\\u00e9 '.repeat(Math.ceil(scaleChars(n, scale) / 8))}"\n`,
  'huge block scalar': (n, scale) =>
    `version: 1\nenterprise:\n  name: |\n${'    line of text\n'.repeat(Math.ceil(scaleChars(n, scale) / 17))}`,
  'huge key': (n, scale) => `version: 1\n${'k'.repeat(scaleChars(n, scale))}: v\n`,
  'huge host': (n, scale) => `version: 1\nfirewall:\n  allowlist:\n    - ${'a.'.repeat(Math.ceil(scaleChars(n, scale) / 2))}com\n`,
  'huge comma list': (n) =>
    `version: 1\nidentityProvider:\n  type: entra-id\n  adminGroups:\n    attributeValue: ${Array(n).fill('6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f').join(', ')}\n`,
  'huge single line': (n, scale) =>
    `version: 1\nenterprise: [${Array.from({ length: Math.ceil(scaleChars(n, scale) / 8) }, (_, i) => `v${i}`).join(', ')}]\n`,
  'only NULs': (n) => '\u0000'.repeat(n),
  'only line breaks': (n) => ['\n', '\r', '\r\n'][n % 3].repeat(n),
  'only a BOM': () => '\uFEFF',
  empty: () => '',
  'comment with lone CRs': (n) => `# broken file\r${'version: 1\renterprise:\r  tenantId: [\r'.repeat(Math.min(n, 100))}`,
};

function scaleChars(n: number, scale: Scale): number {
  return Math.max(1, Math.floor((n / scale.maxCount) * scale.maxScalar));
}

/** A hostile structure of a random kind and size, re-encoded; `exclude` leaves out builders by name. */
export function hostileDocument(scale: Scale, exclude: readonly string[] = []): fc.Arbitrary<FuzzDocument> {
  const names = Object.keys(HOSTILE_BUILDERS).filter((name) => !exclude.includes(name));
  return fc
    .record({
      name: fc.constantFrom(...names),
      // One document in 50 takes a size up to the scale's maximum; the others stay under a hundredth of it.
      n: fc.integer({ min: 1, max: scale.maxCount }),
      big: fc.nat({ max: 49 }),
      encoding,
      at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      bytes: fc.uint8Array({ maxLength: 16 }),
    })
    .map(({ name, n, big, encoding: how, at, bytes }) => {
      const size = big === 0 ? n : Math.max(1, Math.floor(n / 100));
      return { family: `hostile: ${name}`, text: encode(HOSTILE_BUILDERS[name](size, scale), how, at, bytes), secrets: [] };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Every key with every wrong type

interface SchemaLike {
  properties?: Record<string, SchemaLike>;
  oneOf?: SchemaLike[];
  anyOf?: SchemaLike[];
  allOf?: SchemaLike[];
  items?: unknown;
}

let schemaPathCache: (string | number)[][] | undefined;

/** Every property path of the JSON Schema (list items as index 0). */
export function schemaPaths(): (string | number)[][] {
  if (!schemaPathCache) {
    const found = new Map<string, (string | number)[]>();
    const walk = (node: SchemaLike, path: (string | number)[], depth: number) => {
      if (depth > 24) return;
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        const childPath = [...path, key];
        found.set(childPath.join('.'), childPath);
        walk(child, childPath, depth + 1);
      }
      for (const branch of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])]) walk(branch, path, depth + 1);
      if (node.items && typeof node.items === 'object' && !Array.isArray(node.items))
        walk(node.items as SchemaLike, [...path, 0], depth + 1);
    };
    walk(SCHEMA as SchemaLike, [], 0);
    schemaPathCache = [...found.values()];
  }
  return schemaPathCache;
}

/** Values of every YAML type, written as YAML source (placed with the `yaml` library, so they stay valid). */
export const WRONG_TYPED_VALUES: readonly string[] = [
  'text',
  '"587"',
  '0',
  '-1',
  '65536',
  '3.5',
  '1e400',
  '.nan',
  '.inf',
  'true',
  'false',
  'yes',
  '~',
  'null',
  '""',
  '"   "',
  '[]',
  '{}',
  '[a, b]',
  '{a: b}',
  '[[[]]]',
  '${env:SOME_VALUE}',
  '${env:}',
  'x${env:A}y',
  '!!binary aGVsbG8=',
  '!!timestamp 2001-12-14',
  '!secret name',
  '<placeholder>',
  '"\\u200b"',
  '"\\u0000"',
  '"a\\nb"',
  '0x1F',
  '0o17',
  '2001-12-14',
  '"*.amazonaws.com"',
  'https://example.org/path?x=1',
];

/** The reference example with one key (at any path of the schema) set to a value of some type. */
export const wrongTypeDocument: fc.Arbitrary<FuzzDocument> = fc
  .record({
    path: fc.nat(),
    value: fc.nat({ max: WRONG_TYPED_VALUES.length - 1 }),
    encoding,
    at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    bytes: fc.uint8Array({ maxLength: 8 }),
  })
  .map(({ path, value, encoding: how, at, bytes }) => {
    const paths = schemaPaths();
    const target = paths[path % paths.length];
    const source = WRONG_TYPED_VALUES[value];
    return {
      family: `wrong type: ${target.join('.')} = ${source}`,
      text: encode(withValueAt(referenceExample(), target, source), how, at, bytes),
      secrets: [],
    };
  });

/** Sets a path of a YAML text to a value given as YAML source, creating what is missing on the way. */
function withValueAt(text: string, path: (string | number)[], valueSource: string): string {
  const doc = parseDocument(text);
  // The value goes in as a marker and is then swapped for its source, so it stays exactly as written.
  const marker = 'FUZZ_VALUE_MARKER';
  let parent: unknown = doc.contents;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i];
    let child: unknown = isMap(parent) ? parent.get(segment, true) : isSeq(parent) ? parent.get(0, true) : undefined;
    if (!isMap(child) && !isSeq(child)) {
      child = typeof path[i + 1] === 'number' ? new Document([{}]).contents : new Document({}).contents;
      if (isMap(parent)) parent.set(segment, child);
      else if (isSeq(parent)) parent.items[0] = child;
      else return text;
    }
    parent = child;
  }
  const last = path[path.length - 1];
  if (isMap(parent)) parent.set(last, marker);
  else if (isSeq(parent)) parent.items[0] = doc.createNode(marker);
  return doc.toString({ lineWidth: 0 }).replace(marker, valueSource);
}

// ---------------------------------------------------------------------------------------------------------------

/** Every family at once, with weights: mostly mutated seeds and secrets, fewer big hostile structures. */
export function anyDocument(scale: Scale): fc.Arbitrary<FuzzDocument> {
  return fc.oneof(
    { arbitrary: mutatedSeed, weight: 5 },
    { arbitrary: secretDocument, weight: 3 },
    { arbitrary: wrongTypeDocument, weight: 2 },
    { arbitrary: hostileDocument(scale), weight: 1 },
  );
}

/** For the fuzz test in `npm test`: hostile structures small enough for a few seconds in all. */
export const TEST_SCALE: Scale = { maxCount: 300, maxScalar: 16 * 1024 };

/** A family of generated documents: both fuzzers draw from the same ones, in their own sizes and counts. */
export interface FuzzFamily {
  name: string;
  arbitrary: fc.Arbitrary<FuzzDocument>;
  /** Documents per run of the fuzz test in `npm test`. */
  testRuns: number;
  /** Share of the documents of `npm run fuzz`. */
  share: number;
}

/** The families, hostile structures at `scale` (TEST_SCALE for the test, LARGE for `npm run fuzz`). */
export function fuzzFamilies(scale: Scale): readonly FuzzFamily[] {
  return [
    { name: 'mutations of every fixture and example', arbitrary: mutatedSeed, testRuns: 300, share: 0.45 },
    { name: 'secrets in every secret key, in every spelling', arbitrary: secretDocument, testRuns: 300, share: 0.3 },
    { name: 'every schema key with every wrong type', arbitrary: wrongTypeDocument, testRuns: 120, share: 0.2 },
    {
      name: `hostile structures (up to ${scale.maxCount.toLocaleString('en')} anchors, keys, items, comments; ${scale.maxScalar / 1024} KiB scalars), sizes and encodings`,
      arbitrary: hostileDocument(scale),
      testRuns: 60,
      share: 0.05,
    },
  ];
}
