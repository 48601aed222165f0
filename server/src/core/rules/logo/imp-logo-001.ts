import { isScalar } from 'yaml';
import { hasEnvReference } from '../../values';
import { defineRule } from '../rule';
import { FILE_KIND_NAMES, logoFile } from './logo-file';

export default defineRule({
  id: 'IMP-LOGO-001',
  title: 'Logo file not found',
  severity: 'error',
  docs: `\`cloudPlatform.logo\` is a path relative to the folder of this YAML file (an absolute path works too). The
file must exist there and be a regular file: the logo (optional: a PNG, JPG or GIF of the organization, at most 200 x 100 pixels and
100 KB) is uploaded from it during the Imprivata Access Management setup.

Decisions: an empty \`logo\` is reported too (remove the key instead, the logo is optional). Silent when the path is an
\`\${env:}\` reference (unknown offline), when the value is not text (IMP-DOC-003), and when the document has not been
saved yet (an unsaved editor buffer has no folder to resolve against). A URL is not a file: the logo must be local.
A folder, a named pipe (FIFO), a socket or a device at the path is reported as what it is and never opened (a pipe
would block the reader, a device such as \`/dev/zero\` never ends); a regular file that cannot be read
(permissions) is reported too.`,
  check(ctx) {
    const { doc, report } = ctx;
    const node = doc.scalar(['cloudPlatform', 'logo']);
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() === '' && !hasEnvReference(node.value)) {
      const span = doc.keySpan(['cloudPlatform', 'logo']);
      if (span)
        report({
          span,
          message:
            '`cloudPlatform.logo` is empty. Give the path of the logo file, relative to this file, or remove `logo` (the logo is optional).',
        });
      return;
    }
    const logo = logoFile(ctx);
    if (!logo || logo.content) return;
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(logo.value);
    const where = `(looked for \`${logo.absolutePath}\`; the path is relative to the folder of this file)`;
    let message: string;
    if (url) {
      message = `The logo \`${logo.value}\` is a URL, but \`logo\` must name a file next to this configuration (it is uploaded from there). Download the image and give its path relative to this file, or remove \`logo\` (it is optional).`;
    } else if (!logo.stat) {
      message = `The logo file \`${logo.value}\` does not exist ${where}. Correct the path, or remove \`logo\` (it is optional).`;
    } else if (logo.stat.kind !== 'file') {
      // Never opened: a named pipe would block the reader and a device may never end.
      message = `The logo \`${logo.value}\` is ${FILE_KIND_NAMES[logo.stat.kind]}, not a regular file ${where}, so it cannot be uploaded and was not read. Give the path of the image file itself, or remove \`logo\` (it is optional).`;
    } else {
      message = `The logo file \`${logo.value}\` exists but cannot be read ${where}. Check its permissions, or remove \`logo\` (it is optional).`;
    }
    report({ span: logo.span, message });
  },
});
