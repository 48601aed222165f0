import { DEFAULT_LIMITS, LIMITS_RULE_ID } from '../../limits';
import { defineRule } from '../rule';
import { withThousandsSeparators } from '../../digit-grouping';

export default defineRule({
  id: LIMITS_RULE_ID,
  title: 'File or line too large to check',
  severity: 'error',
  docs: `The file was not checked because it is larger than the size limit (default ${DEFAULT_LIMITS.maxFileSize / (1024 * 1024)} MiB,
counted in UTF-8 bytes) or has a line longer than the line-length limit (default ${withThousandsSeparators(DEFAULT_LIMITS.maxLineLength)}
characters). A real configuration is a few hundred KB with short lines, so this means a file that is not one (a log, a
data dump, a minified file) or a paste gone wrong; checking it would only keep the editor busy.

The file gets this one finding, on the first character of the file (size) or of the long line, naming the size or
the line and its length; no other rule runs on it (a too-long line skips the whole file rather than the line alone:
the rest would be judged without that line, e.g. an allowlist host reported missing that the long line holds). Past
the size limit the file is not even parsed, so completion, hover and the outline offer nothing there either.

Raise the limits in VS Code with \`imprivata.limits.maxFileSize\` (bytes) and \`imprivata.limits.maxLineLength\`
(characters), on the command line with \`--max-file-size\` and \`--max-line-length\`, or for a project with
\`limits: { maxFileSize: ..., maxLineLength: ... }\` in \`.imprivata-config.yaml\`. A severity override applies, but
\`off\` does not hide it (a file nobody checked must not look clean), and a suppression comment in the file is not
read.

Decisions: this rule is not in the original catalogue; it was added for issue 16 (limits with a clear diagnostic,
not silence) with the ID IMP-DOC-006.`,
  // The limits are checked by the language service before any rule runs (server/src/core/limits.ts), because past
  // them no rule may run at all; this entry gives the finding its ID, title, severity and documentation.
  check() {},
});
