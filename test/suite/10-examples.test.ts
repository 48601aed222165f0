import * as assert from 'assert';
import * as path from 'path';
import {
  brokenExamples,
  checkBrokenExample,
  closeAllEditors,
  extensionApi,
  formatAll,
  metrics,
  nextDiagnosticsChange,
  openInEditor,
  workspaceUri,
} from './helpers';

describe('examples', () => {
  before(async () => {
    await extensionApi();
  });
  afterEach(closeAllEditors);

  it('@smoke @restricted the clean example yields no diagnostic', async () => {
    const uri = workspaceUri('examples', 'imprivata-enterprise.yaml');
    // Subscribe first: an empty publication after opening is the server's "validated, nothing found".
    const published = nextDiagnosticsChange(uri, 'the validation of the clean example');
    const started = Date.now();
    await openInEditor(uri);
    await published;
    metrics.cleanExampleValidatedMs = Date.now() - started;
    assert.deepStrictEqual(formatAll(uri), []);
  });

  const files = brokenExamples();
  it('examples/broken holds examples', () => {
    assert.ok(files.length > 0, 'no examples/broken/*.yaml in the workspace');
  });
  for (const uri of files) {
    it(`@smoke ${path.basename(uri.fsPath)} yields the diagnostics written in it`, async () => {
      const ms = await checkBrokenExample(uri);
      if (metrics.openToFirstDiagnosticsMs === undefined) metrics.openToFirstDiagnosticsMs = ms;
      metrics[`openToFirstDiagnosticsMs.${path.basename(uri.fsPath)}`] = ms;
    });
  }
});
