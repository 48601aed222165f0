import * as path from 'node:path';
import { defineRule } from '../rule';
import { EXTENSIONS, FORMAT_NAME, formatOfExtension, logoFile } from './logo-file';

export default defineRule({
  id: 'IMP-LOGO-002',
  title: 'Logo is not a PNG, JPEG or GIF',
  severity: 'error',
  docs: `The logo must be a PNG, JPG or GIF image. The format is judged by the file's content (its first bytes: PNG's
signature \`89 50 4E 47 0D 0A 1A 0A\`, JPEG's \`FF D8 FF\`, \`GIF87a\` / \`GIF89a\`), not by its name: an SVG, WebP or
BMP renamed to \`.png\` is still rejected (error). A file that starts like one of the three but whose header cannot be
read (truncated or damaged) is an error too.

A valid image whose extension does not match its content (a GIF named \`logo.png\`, or an extension other than
\`.png\`, \`.jpg\`/\`.jpeg\`, \`.gif\`) is a warning: tools that go by the name may refuse or mishandle it. Rename the file
(and the path in \`logo\`) to match, or convert the image.`,
  check(ctx) {
    const logo = logoFile(ctx);
    const content = logo?.content;
    if (!logo || !content) return;
    const { report } = ctx;
    if (!content.format) {
      report({
        span: logo.span,
        message: `The logo \`${logo.value}\` is ${content.description}, not a PNG, JPEG or GIF image (judged by its content, not its name). Only those three formats are accepted: convert it, for example to PNG.`,
      });
      return;
    }
    const name = FORMAT_NAME[content.format];
    if (!content.size) {
      report({
        span: logo.span,
        message: `The logo \`${logo.value}\` starts like a ${name} image, but its header cannot be read: the file is truncated or damaged. Export the image again.`,
      });
      return;
    }
    const byExtension = formatOfExtension(logo.value);
    if (byExtension === content.format) return;
    const ext = path.extname(logo.value);
    const expected = EXTENSIONS[content.format]
      .slice(0, 2)
      .map((e) => `\`${e}\``)
      .join(' or ');
    report({
      span: logo.span,
      severity: 'warning',
      message: byExtension
        ? `The logo \`${logo.value}\` is a ${name} image by its content, but its name says ${FORMAT_NAME[byExtension]} (\`${ext}\`). Rename it to end in ${expected}, or convert it to ${FORMAT_NAME[byExtension]}, so that tools that go by the name handle it correctly.`
        : `The logo \`${logo.value}\` is a ${name} image by its content, but its name ${ext ? `ends in \`${ext}\`` : 'has no extension'}, which is not one of PNG, JPG or GIF. Rename it to end in ${expected}, so that tools that go by the name accept it.`,
    });
  },
});
