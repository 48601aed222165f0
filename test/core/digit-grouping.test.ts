import * as assert from 'node:assert/strict';
import { withThousandsSeparators } from '../../server/src/core/digit-grouping';

describe('withThousandsSeparators (numbers in messages, without ICU)', () => {
  it('writes what toLocaleString("en-US") writes for the integers messages hold', () => {
    for (const n of [
      0,
      7,
      999,
      1000,
      1001,
      12_345,
      100_000,
      999_999,
      1_000_000,
      1_048_576,
      123_456_789,
      2 ** 53 - 1,
      -1,
      -1234,
      -1_000_000,
    ]) {
      assert.equal(withThousandsSeparators(n), n.toLocaleString('en-US'), String(n));
    }
  });

  it('keeps a fraction as written and leaves non-finite numbers alone', () => {
    assert.equal(withThousandsSeparators(1234.5), '1,234.5');
    assert.equal(withThousandsSeparators(Number.NaN), 'NaN');
    assert.equal(withThousandsSeparators(Number.POSITIVE_INFINITY), 'Infinity');
  });
});
