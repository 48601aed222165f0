import { isAlias, isScalar } from 'yaml';
import { hasEnvReference } from '../../values';
import { defineRule } from '../rule';
import { stringValue } from '../../document';
import { classifyAttributeName } from '../../domain/proofing';
import { describeNonText } from '../../value-words';
import { scalarText } from '../../yaml/edits';

export default defineRule({
  id: 'IMP-DIR-001',
  title: 'Extended attribute name is not the exact AD name',
  severity: 'error',
  docs: `The names in \`directory.extendedAttributes\` must match the Active Directory attribute names exactly, including
case: \`homePhone\` and \`mobile\`. A variant such as \`HomePhone\`, \`homephone\`, \`home_phone\`, \`mobilePhone\` or
\`mobile_phone\` is not synchronized, silently, so providers end up without the phone number DigiCert needs.

Decision: only near misses of the two phone attributes are errors (the same name in another case, with separators
such as \`_\`, \`-\` or spaces, with a \`Phone\`/\`Number\` suffix, one or two typing mistakes, or two swapped letters).
Other AD attributes (\`pager\`, \`telephoneNumber\`, \`otherMobile\`, ...) are allowed and not reported: mapping them
is legitimate, they are simply not used for identity proofing. A \`name\` that is not text (a number, a list, or
empty) is reported too, since no AD attribute can match it.`,
  fix: 'Rename to the exact AD attribute name (`homePhone` or `mobile`).',
  fixKind: 'safe',
  check({ doc, report }) {
    const list = doc.seq(['directory', 'extendedAttributes']);
    if (!list) return;
    list.items.forEach((raw, index) => {
      // An alias repeats an item checked where its anchor is: reporting it again there would be a duplicate.
      if (isAlias(raw)) return;
      const path = ['directory', 'extendedAttributes', index, 'name'];
      if (!doc.map(['directory', 'extendedAttributes', index]) || !doc.has(path)) return;
      const node = doc.node(path);
      const name = stringValue(node);
      if (name === undefined || name.trim() === '') {
        report({
          span: doc.reportSpan(path),
          message: `The extended attribute \`name\` is ${describeNonText(node)}; it must be the AD attribute name as text, exactly as AD spells it (\`homePhone\` or \`mobile\` for the phone numbers used in identity proofing).`,
        });
        return;
      }
      if (hasEnvReference(name) || !node || !isScalar(node)) return;
      const match = classifyAttributeName(name);
      if (match?.kind !== 'variant') return;
      const span = doc.span(node);
      report({
        span,
        message: `\`${name}\` is not the AD attribute name \`${match.attribute}\`. Extended attribute names must match AD exactly, including case, or the attribute is silently not synchronized and providers have no phone number for identity proofing. Rename it to \`${match.attribute}\`.`,
        fixes: [
          { title: `Rename to \`${match.attribute}\``, edits: [{ span, newText: scalarText(node, match.attribute) }], preferred: true },
        ],
      });
    });
  },
});
