import { isAlias, isCollection } from 'yaml';
import type { Node } from 'yaml';
import type { ConfigDocument, Path } from '../../document';
import { describePath } from '../../schema';
import type { Span } from '../../types';
import { defineRule } from '../rule';
import { expandPattern, secretKeys } from './secret-keys';
import type { SecretValue } from './secret-value';
import { secretValue } from './secret-value';

export default defineRule({
  id: 'IMP-SEC-001',
  title: 'Literal secret in the file',
  severity: 'warning',
  docs: `Secrets belong outside the file: the SMTP password (\`smtp.password\`), the OAuth2 client secret
(\`smtp.secret\`), the Cloud Platform integration token (\`cloudPlatform.integrationToken\`) and the Imprivata
Directory admin password (\`identityProvider.adminPassword\`). A literal value is readable by everyone who can read
the file, its backups and its version-control history. Write an \`\${env:NAME}\` reference instead and set the
variable where the tool runs.

The list of secret keys is not kept in this rule: it is every property of the JSON Schema annotated
\`"x-imprivata-secret": true\`, so a new secret key is covered as soon as the schema marks it. A secret key is
checked wherever it appears, even as a key the current \`mode\` or \`type\` does not use (IMP-SMTP-001 /
IMP-IDP-001 report that): a literal secret is a leak either way.

A reference is a value that is exactly one \`\${env:NAME}\`, NAME being a variable name (letters, digits and \`_\`,
not starting with a digit; surrounding spaces are ignored). Anything else in a secret key is reported, each as what
it is:
- text, a number or a \`!!binary\` blob: a literal secret;
- text with a reference inside (\`S3cret\${env:X}\`, \`S3cret\${env:}\`): the text around the reference is still a
  literal in the file; several references side by side are reported too (one variable should hold the secret);
- \`\${env:}\` alone, or a reference whose name is not a variable name (\`\${env:MY-VAR}\`): a malformed reference,
  which no environment variable can fill;
- a value under a tag of its own (\`!secret name\`, \`!vault ...\`): nothing resolves such tags, so the text after
  the tag is a literal; a tag with nothing after it is reported as a tagged value, not as a missing secret;
- a list or a mapping holding literal text (its type is IMP-DOC-003's; this rule reports the leak).

No finding, fix title or related message ever contains the value, nor the tag or anchor written with it (either
could be the secret itself). Not reported: empty values (the mode rules report missing ones), an exact reference,
and a bare placeholder such as \`<secret>\` (IMP-HOST-002's concern). Variable names used by the quick fix:
\`IMPRIVATA_SMTP_PASSWORD\`, \`IMPRIVATA_SMTP_CLIENT_SECRET\`, \`IMPRIVATA_INTEGRATION_TOKEN\`,
\`IMPRIVATA_DIRECTORY_ADMIN_PASSWORD\` (the names the reference example uses); other secret keys get
\`IMPRIVATA_<SECTION>_<KEY>\`.`,
  fix: 'Replace the value with `${env:IMPRIVATA_...}` (the secret must then be set in that environment variable).',
  check({ doc, report }) {
    for (const secret of secretKeys()) {
      for (const path of expandPattern(doc, secret.pattern)) {
        const written = doc.pair(path)?.value as Node | null | undefined;
        const value = secretValue(doc, written ?? doc.node(path));
        const reference = `\${env:${secret.envName}}`;
        const problem = describe(value, describePath(path), reference);
        if (!problem) continue;
        // For an alias (`*name`), report and replace the alias, not the anchor it points to.
        const node = written ?? doc.node(path);
        if (!node) continue;
        const span = valueSpan(doc, node);
        // An anchor stays: other places may alias this value. Inside a flow collection a plain `${...}` would end
        // at its braces: quote it there.
        const anchor = !isAlias(node) && node.anchor ? `&${node.anchor} ` : '';
        const replacement = inFlowCollection(doc, path) ? `"${reference}"` : reference;
        report({
          span,
          message: problem,
          fixes: [{ title: `Replace with \`${reference}\``, edits: [{ span, newText: anchor + replacement }], preferred: true }],
        });
      }
    }
  },
});

const READABLE = 'anyone who can read this file, its backups or its version history can use it';

/** The message for a value, or undefined when there is nothing to report. Never quotes the value. */
function describe(value: SecretValue, key: string, reference: string): string | undefined {
  const instead = `Write \`${reference}\` instead, and set that environment variable where the tool runs.`;
  switch (value.kind) {
    case 'empty':
    case 'reference':
    case 'placeholder':
      return undefined;
    case 'malformed-reference':
      return value.emptyName
        ? `\`${key}\` holds an \`\${env:...}\` reference with an empty variable name: no environment variable can fill it, so the secret would be missing. ${instead}`
        : `\`${key}\` holds a reference whose name is not a variable name (letters, digits and \`_\`, not starting with a digit): no environment variable can fill it. ${instead}`;
    case 'literal':
      if (value.onlyReferences) {
        return `\`${key}\` joins several \`\${env:...}\` references: a secret key takes exactly one reference, so keep the whole secret in one variable. ${instead}`;
      }
      if (value.references > 0) {
        return `\`${key}\` holds literal text beside an \`\${env:...}\` reference: only a value that is exactly one reference is read from the environment, so the literal part is a secret in the file (${READABLE}). ${instead}`;
      }
      return `\`${key}\` holds a literal secret: ${READABLE}. ${instead}`;
    case 'tagged':
      return value.empty
        ? `\`${key}\` is a tagged value with nothing after the tag: YAML tags such as \`!secret\` are not resolved here (there is no secret store behind this file), so the secret would be missing. ${instead}`
        : `\`${key}\` is a tagged value: YAML tags such as \`!secret\` are not resolved here (there is no secret store behind this file), so the text after the tag is a literal secret: ${READABLE}. ${instead}`;
    case 'list':
    case 'mapping':
      return value.literal
        ? `\`${key}\` is a ${value.kind === 'list' ? 'list' : 'mapping'} holding literal text where one \`\${env:NAME}\` reference belongs: ${READABLE}. ${instead}`
        : undefined;
  }
}

/** Whether a path's value sits inside a flow collection (`{...}`, `[...]`) of some ancestor. */
function inFlowCollection(doc: ConfigDocument, path: Path): boolean {
  for (let length = 0; length < path.length; length++) {
    const ancestor = doc.node(path.slice(0, length));
    if (isCollection(ancestor) && ancestor.flow) return true;
  }
  return false;
}

/** The value as written, with the tags and anchor before it (the fix replaces them too), without trailing space. */
function valueSpan(doc: ConfigDocument, node: Node): Span {
  const full = doc.span(node);
  let end = full.end;
  while (end > full.start && /\s/.test(doc.text[end - 1])) end--;
  return { start: propertiesStart(doc.text, full.start), end };
}

/**
 * Moves a value's start back over the properties written before it (`!tag`, `&anchor`, in any order, on the same
 * line or the lines above, as YAML allows), so a fix replaces them with the value.
 */
function propertiesStart(text: string, start: number): number {
  let at = start;
  for (let guard = 0; guard < 4; guard++) {
    let k = at;
    while (k > 0 && /\s/.test(text[k - 1])) k--;
    let tokenStart = k;
    while (tokenStart > 0 && !/\s/.test(text[tokenStart - 1])) tokenStart--;
    if (tokenStart === k || (text[tokenStart] !== '!' && text[tokenStart] !== '&')) break;
    at = tokenStart;
  }
  return at;
}
