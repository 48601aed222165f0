import { RULES } from '.';

/** docs/rules.md, generated from the registry so the rule pages cannot drift from the code. */
export function renderRulesMarkdown(): string {
  const lines = [
    '# Rules',
    '',
    '<!-- Generated from the rule registry (server/src/core/rules). Update with: UPDATE_DOCS=1 npm run test:unit -->',
    '',
    'Every diagnostic carries its rule ID as its code. Silence a rule for one line with',
    '`# imprivata-disable-next-line IMP-XXX-000`, for the whole file with `# imprivata-disable IMP-XXX-000`,',
    'or change its severity with the `imprivata.rules` setting / the CLI flag `--rule IMP-XXX-000=off`.',
    '',
    '| ID | rule | default severity | quick fix |',
    '|---|---|---|---|',
    ...RULES.map(
      (r) =>
        `| [${r.id}](#${r.id.toLowerCase()}) | ${r.title} | ${r.severity} | ${r.fix ? (r.fixKind === 'safe' ? 'yes (safe: fix-all)' : 'yes') : ''} |`,
    ),
    '',
  ];
  for (const rule of RULES) {
    lines.push(`## ${rule.id}`, '', `**${rule.title}** — default severity: ${rule.severity}.`, '', rule.docs.trim(), '');
    if (rule.fix) {
      const kind =
        rule.fixKind === 'safe'
          ? 'Safe: applied by fix-all, `lint --fix` and fix-on-save (except where the fix says otherwise).'
          : 'Offered as a quick fix only: never applied unattended.';
      lines.push(`Quick fix: ${rule.fix} ${kind}`, '');
    }
  }
  return lines.join('\n');
}
