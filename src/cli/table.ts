/** An ISO instant to the second, or `-`. */
export const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString().replace(/\.\d+Z$/, 'Z') : '-');

/** Prints rows as columns padded to their widest cell, the first row being the header. */
export function printTable(table: string[][], out: (line: string) => void): void {
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table)
    out(
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
}
