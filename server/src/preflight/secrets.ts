/**
 * Values for the preflight from `${env:NAME}` references: the environment of the process, or (in VS Code)
 * SecretStorage, which the client hands over sealed (see secret-seal.ts) and which wins over the environment.
 *
 * Every secret value this resolves is remembered, and `scrub` removes it (and its base64 and URL-encoded forms,
 * as an SMTP or HTTP server might echo them) from any text before it reaches a report: a secret is never printed,
 * logged or written, even when a server repeats it.
 */
import type { Written } from '../core/preflight/service-plan';

const REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Shorter values are not scrubbed: replacing every "ab" in a report would say nothing and hide the rest. */
const MIN_SCRUB_LENGTH = 4;
export const REDACTED = '[secret]';

export type Resolved = { ok: true; value: string } | { ok: false; missing: string[] };

export class SecretValues {
  private readonly secrets = new Set<string>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    /** By variable name, from VS Code's SecretStorage: wins over the environment. */
    private readonly provided: Readonly<Record<string, string>> = {},
  ) {}

  /** Substitutes every `${env:NAME}`; a variable that is unset or empty makes the value missing. */
  resolve(value: Written, secret = false): Resolved {
    const missing: string[] = [];
    const text = value.text.replace(REFERENCE, (_whole, name: string) => {
      const found = Object.prototype.hasOwnProperty.call(this.provided, name) ? this.provided[name] : this.env[name];
      if (found === undefined || found === '') {
        missing.push(name);
        return '';
      }
      if (secret) this.remember(found);
      return found;
    });
    if (missing.length) return { ok: false, missing: [...new Set(missing)] };
    if (secret) this.remember(text);
    return { ok: true, value: text };
  }

  /** Registers a value obtained during the run (an access token) so that it is scrubbed too. */
  remember(value: string): void {
    if (value.length < MIN_SCRUB_LENGTH) return;
    this.secrets.add(value);
    this.secrets.add(Buffer.from(value, 'utf8').toString('base64'));
    this.secrets.add(encodeURIComponent(value));
  }

  scrub(text: string): string {
    let out = text;
    // Longest first, so that a value containing another is replaced whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (secret.length >= MIN_SCRUB_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }
}

/** The variables a missing value needs, said for a person: "the environment variable X is not set". */
export function missingVariables(names: readonly string[], key: string, inVsCode = false): string {
  const list = names.map((n) => `\`${n}\``).join(', ');
  const store = inVsCode ? ' (or store it with "Imprivata: Store a Secret for Preflight")' : '';
  return `${key} needs the environment variable${names.length === 1 ? '' : 's'} ${list}, which ${names.length === 1 ? 'is' : 'are'} not set${store}`;
}
