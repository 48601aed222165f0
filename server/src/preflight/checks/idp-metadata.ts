/**
 * The identity provider's SAML metadata: fetched over HTTPS only (redirects capped at 5, the body at 1 MiB, every
 * step under its timeout, through the one connector), or read from `metadataFile` next to the configuration with
 * the same cap; then judged by the pure analysis (core/preflight/saml-metadata.ts).
 */
import { open, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { MAX_METADATA_BYTES, analyzeMetadata, overCap } from '../../core/preflight/saml-metadata';
import type { IdentityProviderPlan } from '../../core/preflight/service-plan';
import type { CheckOutcome } from '../engine';
import { fetchUrl } from '../http-exchange';
import { StepFailure } from '../steps';
import type { StepRunner } from '../types';
import type { CheckContext } from './check-context';
import { failureOutcome, missingOutcome } from './check-context';

export function idpTargetLabel(plan: IdentityProviderPlan): string {
  const raw = plan.source.value.text;
  if (plan.source.kind === 'file') return `${raw} (SAML metadata file)`;
  try {
    const url = new URL(raw);
    return `${url.host}${url.pathname} (SAML metadata)`;
  } catch {
    return `${raw} (SAML metadata)`;
  }
}

export async function checkIdpMetadata(plan: IdentityProviderPlan, context: CheckContext, steps: StepRunner): Promise<CheckOutcome> {
  const key = plan.source.kind === 'url' ? 'identityProvider.metadataUrl' : 'identityProvider.metadataFile';
  const resolved = context.secrets.resolve(plan.source.value);
  if (!resolved.ok) return missingOutcome(steps, 'metadata', resolved.missing, key, context);
  let bytes: Uint8Array;
  let url: string | undefined;
  if (plan.source.kind === 'url') {
    let parsed: URL;
    try {
      parsed = new URL(resolved.value);
    } catch {
      steps.record('url', 'fail', `${key} is not a URL`);
      return { status: 'fail', summary: `${key} is not a URL (IMP-IDP-005): nothing was fetched.` };
    }
    if (parsed.protocol !== 'https:') {
      steps.record('url', 'fail', `${parsed.protocol}// is not https://: nothing was fetched`);
      return {
        status: 'fail',
        summary: `The metadata URL is ${parsed.protocol}//, not https://: whoever sits on the path could swap the IdP's signing certificate, so it was not fetched; use the IdP's https:// metadata URL.`,
      };
    }
    // Entra's tenant and appid are judged on the configured URL (what the appliance polls), also after a redirect.
    url = parsed.href;
    try {
      const answer = await fetchUrl(parsed, context.ports, steps, { maxBytes: MAX_METADATA_BYTES, maxRedirects: 5, httpsOnly: true });
      if (answer.status !== 200) {
        return {
          status: 'fail',
          summary: `The metadata URL answered HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''} instead of the document: ${answer.status === 404 ? 'the URL is wrong (for Entra ID, copy the App Federation Metadata URL of the application)' : answer.status === 401 || answer.status === 403 ? 'the IdP wants a sign-in for it: use the public federation metadata URL' : 'the IdP (or a proxy in between) is failing'}.`,
        };
      }
      bytes = answer.body ?? new Uint8Array();
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      // A redirect to http:// is refused before any step runs: it gets a step of its own.
      const last = steps.steps[steps.steps.length - 1];
      if (error.reason === 'http' && last?.status !== 'fail') steps.record('redirect', 'fail', error.detail);
      if (error.reason === 'too-large') {
        return {
          status: 'fail',
          summary: `The metadata is larger than 1 MiB, the cap, and was refused without parsing; one identity provider's metadata is a few dozen KB: check that the URL is that IdP's own document.`,
        };
      }
      return failureOutcome(error, steps, 'metadata');
    }
  } else {
    const file = await readMetadataFile(resolved.value, context.configFile, steps);
    if ('outcome' in file) return file.outcome;
    bytes = file.bytes;
  }
  const analysis = analyzeMetadata(bytes, {
    now: context.ports.clock.date(),
    idpType: plan.type,
    url: plan.source.kind === 'url' ? url : undefined,
  });
  for (const step of analysis.steps) steps.record(step.name, step.status, step.detail);
  return { status: analysis.status, summary: analysis.summary };
}

/** `metadataFile`, relative to the configuration: a regular file, read only when it is within the cap. */
async function readMetadataFile(
  name: string,
  configFile: string | undefined,
  steps: StepRunner,
): Promise<{ bytes: Uint8Array } | { outcome: CheckOutcome }> {
  if (!configFile && !path.isAbsolute(name)) {
    steps.skip('file', 'metadataFile is relative to the configuration file, which is not saved yet');
    return { outcome: { status: 'skipped', summary: 'metadataFile is relative to the configuration file: save the file first.' } };
  }
  const full = path.resolve(configFile ? path.dirname(configFile) : '/', name);
  let handle;
  try {
    // stat first: opening a FIFO would wait for a writer, and a device would never end.
    if (!(await stat(full)).isFile()) {
      steps.record('file', 'fail', `${name} is not a regular file`);
      return { outcome: { status: 'fail', summary: `The metadataFile ${name} is not a regular file.` } };
    }
    handle = await open(full, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail =
      code === 'ENOENT' ? `${name} does not exist (next to the configuration file)` : `${name} cannot be read (${code ?? 'error'})`;
    steps.record('file', 'fail', detail);
    return {
      outcome: {
        status: 'fail',
        summary: `The metadataFile ${detail}: save the IdP's metadata there, or better use metadataUrl (a file is never refreshed).`,
      },
    };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      steps.record('file', 'fail', `${name} is not a regular file`);
      return { outcome: { status: 'fail', summary: `The metadataFile ${name} is not a regular file.` } };
    }
    if (overCap(stat.size)) {
      steps.record('file', 'fail', `${name} is ${stat.size} bytes, over the ${MAX_METADATA_BYTES}-byte cap: not read`);
      return {
        outcome: {
          status: 'fail',
          summary: `The metadataFile ${name} is larger than 1 MiB, the cap, and was refused without parsing; one identity provider's metadata is a few dozen KB.`,
        },
      };
    }
    // One byte more than the cap: a file that grew since stat() is still caught.
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_METADATA_BYTES) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    steps.record('file', 'pass', `read ${name} (${bytesRead} bytes)`);
    return { bytes: buffer.subarray(0, bytesRead) };
  } finally {
    await handle.close();
  }
}
