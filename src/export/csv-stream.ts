import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';

/**
 * Writes pages of rows to `out` as CSV: a header row, RFC 4180 quoting and formula-safe cells (a cell starting
 * with =, +, -, @, tab or carriage return gets a leading ', csv-stringify's escape_formulas; CRLF line ends). It waits for the
 * stream to drain before asking for the next page, so at most about a page is held whatever the export's size;
 * it stops asking once `out` is closed (the client went away). Returns the rows written.
 */
export async function pumpCsv<Row extends Record<string, unknown>>(
  pages: AsyncIterable<Row[]>,
  columns: readonly { key: keyof Row & string; header: string }[],
  out: Writable,
): Promise<number> {
  const csv = stringify({
    header: true,
    columns: columns.map((c) => ({ key: c.key, header: c.header })),
    escape_formulas: true,
    // RFC 4180: records end with CRLF.
    record_delimiter: 'windows',
    cast: { date: (d) => d.toISOString(), boolean: (b) => (b ? 'true' : 'false') },
  });
  csv.pipe(out);
  // One listener for the client going away, raced with each wait for the stream to drain.
  const closed = once(out, 'close');
  let rows = 0;
  for await (const page of pages) {
    if (out.destroyed) break;
    for (const row of page) {
      rows++;
      if (!csv.write(row)) await Promise.race([once(csv, 'drain'), closed]);
    }
  }
  csv.end();
  if (!out.destroyed) await Promise.race([once(out, 'finish'), closed]);
  return rows;
}
