// What the preflight suites (70-, 71-) set up alike: the extension's preflight API, the preflight's own
// diagnostics, and the workspace settings that route the file's real host names to servers on 127.0.0.1 and trust
// the test CA (set before, cleared after).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { PreflightApi } from '../../client/src/preflight/commands';
import type { CaFolder } from '../preflight/support/pki';
import { extensionApi } from './helpers';

/** The `source` of the preflight's diagnostics (the static analysis has its own). */
export const PREFLIGHT_SOURCE = 'imprivata-preflight';

const ROUTING_SETTINGS = ['caFiles', 'timeoutMs', 'connectTo'] as const;

export async function preflightApi(): Promise<PreflightApi> {
  const api = (await extensionApi()) as unknown as { preflight?: PreflightApi };
  assert.ok(api.preflight, 'activate() must return the preflight API');
  return api.preflight;
}

export function preflightDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === PREFLIGHT_SOURCE);
}

export function preflightSettings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('imprivata.preflight');
}

/** Trusts `folder`'s CA, sets the step timeout, and routes `connectTo` (`HOST:PORT:127.0.0.1:PORT2` entries). */
export async function routePreflight(folder: CaFolder, timeoutMs: number, connectTo: string[]): Promise<void> {
  await preflightSettings().update('caFiles', [folder.caFile], vscode.ConfigurationTarget.Workspace);
  await preflightSettings().update('timeoutMs', timeoutMs, vscode.ConfigurationTarget.Workspace);
  await preflightSettings().update('connectTo', connectTo, vscode.ConfigurationTarget.Workspace);
}

/** Clears what routePreflight set. */
export async function clearPreflightRouting(): Promise<void> {
  for (const key of ROUTING_SETTINGS) await preflightSettings().update(key, undefined, vscode.ConfigurationTarget.Workspace);
}
