import { defineRule } from '../rule';
import { hostItemAt } from '../../domain/hosts';
import { hostTallies } from '../../domain/host-tallies';
import { fixSpec, fixSpecs } from '../rule';
import { removeItem } from '../../yaml/allowlist-edits';

export default defineRule({
  id: 'IMP-HOST-007',
  title: 'Duplicate allowlist entry',
  severity: 'warning',
  docs: `The same host with the same port and protocol is listed twice. The copy does nothing, and when one of them is
later changed the other silently keeps the old rule. The warning is on every repetition after the first, with a
related location pointing at the first; the quick fix removes the repetition.

Decision: entries are the same when their host names match without regard to case or a trailing dot, and their
effective port and protocol match (a bare host is HTTPS on 443, so \`- api.digicert.com\` and
\`{host: api.digicert.com, port: 443, protocol: https}\` are duplicates). The same host on another port is not a
duplicate. Entries with \`\${env:}\` references are not compared.`,
  fix: 'Remove the repeated entry.',
  fixKind: 'safe',
  check(ctx) {
    const { doc, report } = ctx;
    // The multiset of entries by what they let through: only the repeated ones are looked at, not the list.
    const tallies = hostTallies(ctx.model);
    for (const key of tallies.repeated) {
      const [firstIndex, ...repetitions] = tallies.entriesOf(key);
      const earlier = hostItemAt(ctx.model, firstIndex)?.host;
      if (!earlier) continue;
      for (const index of repetitions) {
        const host = hostItemAt(ctx.model, index)?.host;
        if (host?.port === undefined || host.protocol === undefined) continue;
        const name = host.parsed.host;
        report({
          span: host.entry.hostSpan,
          message: `\`${name}\` (${host.protocol.toUpperCase()} on port ${host.port}) is already in the allowlist. The repetition does nothing, and if one copy is later changed the other keeps the old rule. Remove it.`,
          related: [{ span: earlier.entry.hostSpan, message: 'First listed here.' }],
          fixes: fixSpecs(fixSpec('Remove the duplicate entry', [removeItem(doc, host.entry.index)], true)),
          unnecessary: true,
        });
      }
    }
  },
});
