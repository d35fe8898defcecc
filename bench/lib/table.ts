import type { Summary } from './stats';

/** One line of the result table: a figure, its measured value (median/min/max), its target and the verdict. */
export interface ResultRow {
  figure: string;
  metric: string;
  value: Summary;
  unit: string;
  /** Human-readable target, e.g. "≥ 10000". */
  target: string;
  /** null when the row is informational (no target). */
  pass: boolean | null;
  note?: string;
}

const fmt = (n: number) => (!Number.isFinite(n) ? '–' : Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

/** A markdown table of every row: what was measured, median (min–max, runs), the target, pass/fall-short. */
export function renderTable(rows: ResultRow[], quick: boolean): string {
  const out = ['| # | measure | median | min – max (runs) | target | result |', '| --- | --- | ---: | --- | --- | --- |'];
  for (const r of rows) {
    const verdict = r.pass === null ? 'info' : r.pass ? 'pass' : 'fall-short';
    const v = r.value;
    out.push(
      `| ${r.figure} | ${r.metric}${r.note ? ` (${r.note})` : ''} | ${fmt(v.median)} ${r.unit} | ${fmt(v.min)} – ${fmt(v.max)} (${v.runs}) | ${r.target} | ${quick ? `${verdict} (quick)` : verdict} |`,
    );
  }
  return out.join('\n');
}
