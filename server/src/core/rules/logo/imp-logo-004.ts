import { defineRule } from '../rule';
import { MAX_BYTES, formatBytes, logoFile } from './logo-file';
import { withThousandsSeparators } from '../../digit-grouping';

export default defineRule({
  id: 'IMP-LOGO-004',
  title: 'Logo file larger than 100 KB',
  severity: 'error',
  docs: `The logo file may be at most 100 KB. Decision: this tool takes 100 KB as ${withThousandsSeparators(MAX_BYTES)}
bytes (1 KB = 1024 bytes, as file dialogs count); the vendor does not say which is meant, and this reading only
differs from 100,000 bytes for files between the two sizes. The error reports the file's real size. Reduce it: a
200 x 100 logo rarely needs more than a few kilobytes (use PNG for flat colours, remove metadata, reduce colours).

The size is checked for any existing logo file, whatever its format, and taken from the file system: the file is
not read for it (a logo of several gigabytes is reported with its real size).`,
  check(ctx) {
    const logo = logoFile(ctx);
    const stat = logo?.stat;
    if (!logo || stat?.kind !== 'file' || stat.size <= MAX_BYTES) return;
    ctx.report({
      span: logo.span,
      message: `The logo \`${logo.value}\` is ${formatBytes(stat.size)}; at most ${formatBytes(MAX_BYTES)} is allowed. Make the file smaller: remove metadata, reduce the colours or the dimensions, or use PNG for flat-colour artwork.`,
    });
  },
});
