/**
 * Numbers in messages, written with a comma between groups of three digits ("20,000"), as `toLocaleString('en-US')`
 * writes them. Not `toLocaleString`: its first call pages in some 4.6 MB of ICU data from the Node binary, which the
 * server then keeps resident for its whole life (measured: 15.3 -> 19.8 MB of the binary's read-only pages).
 */
export function withThousandsSeparators(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const [whole, fraction] = String(Math.abs(n)).split('.');
  if (whole.includes('e')) return String(n);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}
