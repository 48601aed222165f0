import { defineRule } from '../rule';
import { MAX_HEIGHT, MAX_WIDTH, logoFile } from './logo-file';

export default defineRule({
  id: 'IMP-LOGO-003',
  title: `Logo larger than ${MAX_WIDTH} x ${MAX_HEIGHT} pixels`,
  severity: 'error',
  docs: `The logo may be at most ${MAX_WIDTH} pixels wide and ${MAX_HEIGHT} pixels high (width x height). The error
reports the image's real size; scale it down to fit, keeping its aspect ratio.

Decisions: the dimensions are read from the image header with the \`image-size\` package: the stored pixel size (for a
GIF, its logical screen; for a JPEG, the frame, without applying an EXIF rotation). Only PNG, JPEG and GIF files whose
header can be read are measured; anything else is IMP-LOGO-002's. Only the header is read (for a JPEG, whose size
follows its metadata segments, up to the first 512 KB), never the whole file.`,
  check(ctx) {
    const logo = logoFile(ctx);
    const size = logo?.content?.size;
    if (!logo || !size) return;
    const { width, height } = size;
    if (width <= MAX_WIDTH && height <= MAX_HEIGHT) return;
    const scale = Math.min(MAX_WIDTH / width, MAX_HEIGHT / height);
    const fit = `${Math.max(1, Math.floor(width * scale))} x ${Math.max(1, Math.floor(height * scale))}`;
    ctx.report({
      span: logo.span,
      message: `The logo \`${logo.value}\` is ${width} x ${height} pixels; at most ${MAX_WIDTH} x ${MAX_HEIGHT} (width x height) is allowed. Scale it down, for example to ${fit} pixels to keep its proportions.`,
    });
  },
});
