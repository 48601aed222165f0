// Mocha runner loaded by VS Code's extension host (extensionTestsPath). The same file serves both
// runners: test/vscode/run.mjs (VS Code server + headless Chromium) and test/vscode/electron.ts
// (@vscode/test-electron). Environment, set by the runner:
//   IMPRIVATA_TEST_GREP / IMPRIVATA_TEST_INVERT  select tests by full title (tags: @smoke, @restricted)
//   IMPRIVATA_TEST_RESULTS                       where to write a JSON summary for the runner
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { metrics } from './helpers';

interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface SuiteResults {
  pass: string;
  passed: number;
  failed: number;
  pending: number;
  tests: TestRecord[];
  metrics: Record<string, number | string>;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.IMPRIVATA_TEST_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  if (process.env.IMPRIVATA_TEST_INVERT === '1') mocha.invert();
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const results: SuiteResults = {
    pass: process.env.IMPRIVATA_TEST_PASS ?? 'electron',
    passed: 0,
    failed: 0,
    pending: 0,
    tests: [],
    metrics,
  };
  const write = (): void => {
    const file = process.env.IMPRIVATA_TEST_RESULTS;
    if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
  };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        write();
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else if (results.passed === 0) reject(new Error('no test ran'));
        else resolve();
      });
      runner.on('pass', (test) => {
        results.passed++;
        results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
      });
      runner.on('fail', (test, error: unknown) => {
        results.failed++;
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        results.tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: message });
        write();
      });
      runner.on('pending', (test) => {
        results.pending++;
        results.tests.push({ title: test.fullTitle(), state: 'pending' });
      });
    } catch (error) {
      write();
      reject(error);
    }
  });
}
