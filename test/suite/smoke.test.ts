import * as assert from 'assert';
import * as vscode from 'vscode';

describe('harness', () => {
  it('runs in VS Code 1.100', () => {
    assert.ok(vscode.version.startsWith('1.100'), vscode.version);
    if (process.env.IMPRIVATA_TEST_THROW) throw new Error('thrown on purpose');
  });
});
